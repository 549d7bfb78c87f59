import type { Messages } from '../../i18n/messages.ts';
import type { Child } from 'hono/jsx';

/** Form controls with their label, hint and error tied together for screen readers. A field is a div, not a p: its error message is a paragraph of its own. */
export type FieldErrors = Readonly<Record<string, string>>;

export interface FieldProps {
  name: string;
  label: string;
  value?: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'datetime-local' | 'number';
  errors: FieldErrors;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  maxlength?: number;
  /** Ids differ from names where one page has two forms with the same field. */
  id?: string;
}

function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p class="field-error" id={`${id}-error`}>
      {message}
    </p>
  ) : null;
}

export function Field(props: FieldProps) {
  const id = props.id ?? props.name;
  const error = props.errors[props.name];
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : ''}
      </label>
      {props.hint ? (
        <span class="field-hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : (
        ''
      )}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : (props.value ?? '')}
        required={props.required}
        autocomplete={props.autocomplete}
        maxlength={props.maxlength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, Boolean(props.hint), Boolean(error))}
      />
      <FieldError id={id} message={error} />
    </div>
  );
}

/** The summary at the top of a form that failed: announced at once, each error linking its field. */
export function ErrorSummary({ errors, message, i18n }: { errors: FieldErrors; message?: string | null; i18n?: Messages }) {
  const entries = Object.entries(errors);
  if (entries.length === 0 && !message) return null;
  return (
    <div class="form-errors" role="alert" tabindex={-1}>
      <p>{message ?? (i18n ? i18n.t('admin.fields.correct') : 'Please correct the following and try again:')}</p>
      {entries.length > 0 ? (
        <ul>
          {entries.map(([field, text]) => (
            <li>
              <a href={`#${field}`}>{text}</a>
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
    </div>
  );
}

/** A checkbox with its label after it, sent as "1" when ticked. */
export function Checkbox(props: { name: string; label: Child; checked: boolean }) {
  return (
    <div class="field field-checkbox">
      <input type="checkbox" id={props.name} name={props.name} value="1" checked={props.checked} />
      <label for={props.name}>{props.label}</label>
    </div>
  );
}

/** A text area with its label, hint and error, described by both (word lists, footer text, profiles). */
export function TextArea(props: { name: string; label: string; hint: string; value: string; errors: FieldErrors; rows: number }) {
  const error = props.errors[props.name];
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      <span class="field-hint" id={`${props.name}-hint`}>
        {props.hint}
      </span>
      <textarea
        id={props.name}
        name={props.name}
        rows={props.rows}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${props.name}-hint ${props.name}-error` : `${props.name}-hint`}
      >
        {props.value}
      </textarea>
      <FieldError id={props.name} message={error} />
    </div>
  );
}
