import { THREAD_DEPTH_RANGE } from '../../domain/comments.ts';
import { POSTS_PER_PAGE_RANGE } from '../../domain/settings.ts';
import type { Messages } from '../../i18n/messages.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { Checkbox, ErrorSummary, Field, FieldError, type FieldErrors, TextArea } from './fields.tsx';

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

export interface SettingsPageProps extends AdminChrome {
  values: SettingsFormValues;
  /** The languages there is a catalogue for: code and the language's own name. */
  languages: ReadonlyArray<{ code: string; name: string }>;
  errors: FieldErrors;
  notice: string | null;
}

function LanguageSelect(props: { value: string; languages: SettingsPageProps['languages']; errors: FieldErrors; i18n: Messages }) {
  const { t } = props.i18n;
  const error = props.errors.language;
  const known = props.languages.some((l) => l.code === props.value);
  return (
    <div class="field">
      <label for="language">{t('admin.settings.language')}</label>
      <span class="field-hint" id="language-hint">
        {t('admin.settings.languageHint')}
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

/** Site settings and WordPress's discussion rules, on one form. */
export function SettingsPage(props: SettingsPageProps) {
  const { values: v, errors } = props;
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.settings.title')} section="settings">
      <p>
        {t('admin.settings.identityIntro')} <a href="/admin/settings/identity/">{t('admin.settings.identityLink')}</a>
      </p>
      <ErrorSummary errors={errors} i18n={props.i18n} />
      <form method="post" action="/admin/settings/" class="admin-form settings-form" novalidate>
        <CsrfField token={props.csrfToken} />
        <fieldset>
          <legend>{t('admin.settings.site')}</legend>
          <Field name="title" label={t('admin.settings.siteTitle')} value={v.title} errors={errors} required maxlength={200} />
          <Field name="tagline" label={t('admin.settings.tagline')} value={v.tagline} errors={errors} maxlength={300} hint={t('admin.settings.taglineHint')} />
          <Field
            name="postsPerPage"
            label={t('admin.settings.postsPerPage')}
            type="number"
            value={v.postsPerPage}
            errors={errors}
            required
            hint={t('admin.settings.postsPerPageHint', { min: POSTS_PER_PAGE_RANGE.min, max: POSTS_PER_PAGE_RANGE.max })}
          />
          <LanguageSelect value={v.language} languages={props.languages} errors={errors} i18n={props.i18n} />
          <Field name="timezone" label={t('admin.settings.timezone')} value={v.timezone} errors={errors} required hint={t('admin.settings.timezoneHint')} />
          <Checkbox
            name="slugCyrillicToLatin"
            label={props.i18n.rich('admin.settings.slugCyrillicToLatin', { latin: <bdi>sergey-lavrov</bdi>, cyrillic: <bdi>сергей-лавров</bdi> })}
            checked={v.slugCyrillicToLatin}
          />
        </fieldset>
        <fieldset>
          <legend>{t('admin.settings.signingIn')}</legend>
          <Checkbox name="requireTwoFactorForStaff" label={t('admin.settings.requireTwoFactor')} checked={v.requireTwoFactorForStaff} />
        </fieldset>
        <fieldset>
          <legend>{t('admin.settings.discussion')}</legend>
          <Checkbox name="manualApproval" label={t('admin.settings.manualApproval')} checked={v.manualApproval} />
          <Checkbox name="requirePreviouslyApproved" label={t('admin.settings.requirePreviouslyApproved')} checked={v.requirePreviouslyApproved} />
          <Field
            name="maxLinks"
            label={t('admin.settings.maxLinks')}
            type="number"
            value={v.maxLinks}
            errors={errors}
            required
            hint={t('admin.settings.maxLinksHint')}
          />
          <TextArea
            rows={5}
            name="moderationKeys"
            label={t('admin.settings.moderationKeys')}
            hint={t('admin.settings.moderationKeysHint')}
            value={v.moderationKeys}
            errors={errors}
          />
          <TextArea
            rows={5}
            name="disallowedKeys"
            label={t('admin.settings.disallowedKeys')}
            hint={t('admin.settings.disallowedKeysHint')}
            value={v.disallowedKeys}
            errors={errors}
          />
          <Field
            name="closeAfterDays"
            label={t('admin.settings.closeAfterDays')}
            type="number"
            value={v.closeAfterDays}
            errors={errors}
            required
            hint={t('admin.settings.closeAfterDaysHint')}
          />
          <Field
            name="threadDepth"
            label={t('admin.settings.threadDepth')}
            type="number"
            value={v.threadDepth}
            errors={errors}
            required
            hint={t('admin.settings.threadDepthHint', { min: THREAD_DEPTH_RANGE.min, max: THREAD_DEPTH_RANGE.max })}
          />
        </fieldset>
        <fieldset>
          <legend>{t('admin.settings.mail')}</legend>
          <Checkbox name="notifyAuthorOnComment" label={t('admin.settings.notifyAuthor')} checked={v.notifyAuthorOnComment} />
          <Checkbox name="notifyModeratorsOnHold" label={t('admin.settings.notifyModerators')} checked={v.notifyModeratorsOnHold} />
          <fieldset class="field-radios">
            <legend>{t('admin.settings.newPostsMail')}</legend>
            {(['each', 'daily'] as const).map((option) => (
              <div class="field field-checkbox">
                <input type="radio" id={`newPostsMail-${option}`} name="newPostsMail" value={option} checked={v.newPostsMail === option} />
                <label for={`newPostsMail-${option}`}>{t(`admin.settings.newPostsMail.${option}`)}</label>
              </div>
            ))}
            <FieldError id="newPostsMail" message={errors.newPostsMail} />
          </fieldset>
        </fieldset>
        <p>
          <button type="submit">{t('admin.settings.save')}</button>
        </p>
      </form>
    </AdminLayout>
  );
}
