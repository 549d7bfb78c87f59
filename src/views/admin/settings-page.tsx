import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { ErrorSummary, Field, FieldError, type FieldErrors } from './fields.tsx';

/** The settings form's fields as typed, so a form with a mistake comes back exactly as sent. */
export interface SettingsFormValues {
  title: string;
  tagline: string;
  postsPerPage: string;
  language: string;
  timezone: string;
  slugCyrillicToLatin: boolean;
  requireTwoFactorForStaff: boolean;
  manualApproval: boolean;
  requirePreviouslyApproved: boolean;
  maxLinks: string;
  moderationKeys: string;
  disallowedKeys: string;
  closeAfterDays: string;
  threadDepth: string;
  notifyAuthorOnComment: boolean;
  notifyModeratorsOnHold: boolean;
  newPostsMail: string;
}

/** Words of the mail settings, kept together for the message catalogue. */
const MAIL_MESSAGES = {
  legend: 'Mail',
  notifyAuthor: 'Email a post’s author whenever a comment is published on it',
  notifyModerators: 'Email editors and administrators when a comment is held for moderation (at most one message every 5 minutes)',
  newPostsLegend: 'Readers who asked to hear about new posts get',
  each: 'one message per post, as it is published',
  daily: 'one digest a day, after midnight UTC',
} as const;

export interface SettingsPageProps extends AdminChrome {
  values: SettingsFormValues;
  /** The languages there is a catalogue for: code and the language's own name. */
  languages: ReadonlyArray<{ code: string; name: string }>;
  errors: FieldErrors;
  notice: string | null;
}

function Checkbox(props: { name: string; label: string; checked: boolean }) {
  return (
    <div class="field field-checkbox">
      <input type="checkbox" id={props.name} name={props.name} value="1" checked={props.checked} />
      <label for={props.name}>{props.label}</label>
    </div>
  );
}

function LanguageSelect(props: { value: string; languages: SettingsPageProps['languages']; errors: FieldErrors }) {
  const error = props.errors.language;
  const known = props.languages.some((l) => l.code === props.value);
  return (
    <div class="field">
      <label for="language">Site language</label>
      <span class="field-hint" id="language-hint">
        The language of every word readers see: menus, the reply form, dates, archives and feeds. Posts stay as they are written; search finds their words in it
        whatever their ending, and changing it indexes every post again.
      </span>
      <select
        id="language"
        name="language"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'language-hint language-error' : 'language-hint'}
      >
        {known ? (
          ''
        ) : (
          <option value={props.value} selected>
            {props.value}
          </option>
        )}
        {props.languages.map((l) => (
          <option value={l.code} lang={l.code} selected={l.code === props.value}>
            {l.name} ({l.code})
          </option>
        ))}
      </select>
      <FieldError id="language" message={error} />
    </div>
  );
}

function WordList(props: { name: string; label: string; hint: string; value: string; errors: FieldErrors }) {
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
        rows={5}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${props.name}-hint ${props.name}-error` : `${props.name}-hint`}
      >
        {props.value}
      </textarea>
      <FieldError id={props.name} message={error} />
    </div>
  );
}

/** Words of this page an editor sees, together for the message catalogue. */
const MESSAGES = {
  identityIntro: 'The logo, icon, accent colour, footer and profiles on other sites:',
  identityLink: 'Identity',
} as const;

/** Site settings and WordPress's discussion rules, on one form. */
export function SettingsPage(props: SettingsPageProps) {
  const { values: v, errors } = props;
  return (
    <AdminLayout {...props} title="Settings" section="settings">
      <p>
        {MESSAGES.identityIntro} <a href="/admin/settings/identity/">{MESSAGES.identityLink}</a>
      </p>
      <ErrorSummary errors={errors} />
      <form method="post" action="/admin/settings/" class="admin-form settings-form" novalidate>
        <CsrfField token={props.csrfToken} />
        <fieldset>
          <legend>Site</legend>
          <Field name="title" label="Site title" value={v.title} errors={errors} required maxlength={200} />
          <Field name="tagline" label="Tagline" value={v.tagline} errors={errors} maxlength={300} hint="In a few words, what this site is about." />
          <Field
            name="postsPerPage"
            label="Posts per page"
            type="number"
            value={v.postsPerPage}
            errors={errors}
            required
            hint="How many posts the home page and archives list on each page (1 to 100)."
          />
          <LanguageSelect value={v.language} languages={props.languages} errors={errors} />
          <Field
            name="timezone"
            label="Time zone"
            value={v.timezone}
            errors={errors}
            required
            hint="An IANA time zone name, such as Europe/Berlin, America/New_York or UTC."
          />
          <Checkbox
            name="slugCyrillicToLatin"
            label="Make post addresses from Cyrillic titles in Latin letters (sergey-lavrov, not сергей-лавров)"
            checked={v.slugCyrillicToLatin}
          />
        </fieldset>
        <fieldset>
          <legend>Signing in</legend>
          <Checkbox name="requireTwoFactorForStaff" label="Require two-factor sign-in for administrators and editors" checked={v.requireTwoFactorForStaff} />
        </fieldset>
        <fieldset>
          <legend>Discussion</legend>
          <Checkbox name="manualApproval" label="Comments must be manually approved" checked={v.manualApproval} />
          <Checkbox name="requirePreviouslyApproved" label="Comment author must have a previously approved comment" checked={v.requirePreviouslyApproved} />
          <Field
            name="maxLinks"
            label="Hold a comment for moderation if it contains this many links or more"
            type="number"
            value={v.maxLinks}
            errors={errors}
            required
            hint="0 turns this rule off. Spam usually carries many links."
          />
          <WordList
            name="moderationKeys"
            label="Moderation words"
            hint="A comment whose text, name, email, website or IP address contains any of these is held for moderation. One word, phrase or address per line; letter case does not matter and parts of words match."
            value={v.moderationKeys}
            errors={errors}
          />
          <WordList
            name="disallowedKeys"
            label="Disallowed words"
            hint="A comment whose text, name, email, website or IP address contains any of these goes straight to spam. One per line, matched the same way."
            value={v.disallowedKeys}
            errors={errors}
          />
          <Field
            name="closeAfterDays"
            label="Close comments on posts older than this many days"
            type="number"
            value={v.closeAfterDays}
            errors={errors}
            required
            hint="0 keeps comments open for good."
          />
          <Field
            name="threadDepth"
            label="Replies nest at most this many levels deep"
            type="number"
            value={v.threadDepth}
            errors={errors}
            required
            hint="2 to 10."
          />
        </fieldset>
        <fieldset>
          <legend>{MAIL_MESSAGES.legend}</legend>
          <Checkbox name="notifyAuthorOnComment" label={MAIL_MESSAGES.notifyAuthor} checked={v.notifyAuthorOnComment} />
          <Checkbox name="notifyModeratorsOnHold" label={MAIL_MESSAGES.notifyModerators} checked={v.notifyModeratorsOnHold} />
          <fieldset class="field-radios">
            <legend>{MAIL_MESSAGES.newPostsLegend}</legend>
            {(['each', 'daily'] as const).map((option) => (
              <div class="field field-checkbox">
                <input type="radio" id={`newPostsMail-${option}`} name="newPostsMail" value={option} checked={v.newPostsMail === option} />
                <label for={`newPostsMail-${option}`}>{MAIL_MESSAGES[option]}</label>
              </div>
            ))}
            <FieldError id="newPostsMail" message={errors.newPostsMail} />
          </fieldset>
        </fieldset>
        <p>
          <button type="submit">Save settings</button>
        </p>
      </form>
    </AdminLayout>
  );
}
