import type { FieldErrors } from './fields.tsx';
import { FieldError } from './fields.tsx';

/**
 * The editor's controls that fields.tsx does not have: a text area, a select, a checkbox. Each is
 * a <div>, since its error message is a paragraph of its own.
 */

function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Hint({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <span class="field-hint" id={`${id}-hint`}>
      {text}
    </span>
  ) : null;
}

export function TextAreaField(props: { name: string; label: string; value: string; errors: FieldErrors; hint?: string; rows?: number; class?: string }) {
  const id = props.name;
  const error = props.errors[id];
  return (
    <div class={`field ${props.class ?? ''}`.trim()}>
      <label for={id}>{props.label}</label>
      <Hint id={id} text={props.hint} />
      <textarea
        id={id}
        name={props.name}
        dir="auto"
        rows={props.rows ?? 6}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, Boolean(props.hint), Boolean(error))}
      >
        {props.value}
      </textarea>
      <FieldError id={id} message={error} />
    </div>
  );
}

export function SelectField(props: {
  name: string;
  label: string;
  value: string;
  options: ReadonlyArray<readonly [string, string]>;
  errors: FieldErrors;
  hint?: string;
}) {
  const id = props.name;
  const error = props.errors[id];
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <Hint id={id} text={props.hint} />
      <select id={id} name={props.name} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, Boolean(props.hint), Boolean(error))}>
        {props.options.map(([value, text]) => (
          <option value={value} selected={value === props.value}>
            {text}
          </option>
        ))}
      </select>
      <FieldError id={id} message={error} />
    </div>
  );
}

export function CheckboxField(props: { name: string; label: string; checked: boolean }) {
  return (
    <div class="field field-checkbox">
      <input type="checkbox" id={props.name} name={props.name} checked={props.checked} />
      <label for={props.name}>{props.label}</label>
    </div>
  );
}

/** A text input with a suggestions list (the shared outlets). */
export function TextField(props: {
  name: string;
  label: string;
  value: string;
  errors: FieldErrors;
  list?: string;
  type?: 'text' | 'url' | 'datetime-local';
  hint?: string;
  dir?: 'ltr' | 'auto';
}) {
  const id = props.name;
  const error = props.errors[id];
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <Hint id={id} text={props.hint} />
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        // Typed text in its own direction (a Russian title on an Arabic page); addresses, codes
        // and times always left to right.
        dir={props.dir ?? (props.type === 'url' || props.type === 'datetime-local' ? 'ltr' : 'auto')}
        value={props.value}
        list={props.list}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, Boolean(props.hint), Boolean(error))}
      />
      <FieldError id={id} message={error} />
    </div>
  );
}
