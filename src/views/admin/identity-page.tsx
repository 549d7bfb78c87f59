import { MAX_FOOTER_TEXT, MAX_SOCIAL_LINKS, MIN_CONTRAST, PAGE_BACKGROUND } from '../../domain/identity.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { ErrorSummary, Field, FieldError, type FieldErrors } from './fields.tsx';

/** Words of this page an editor sees, together for the message catalogue. */
export const MESSAGES = {
  title: 'Identity',
  intro: 'How the site looks and presents itself on every page. The site’s title and tagline are under Settings.',
  settingsLink: 'Settings',
  saved: 'Identity saved. Every page shows it now.',
  save: 'Save identity',
  images: 'Logo and icon',
  logo: 'Logo',
  logoHint: 'Shown in the header instead of the title (the title stays its text for screen readers). PNG, JPEG, WebP, GIF or AVIF, up to 2 MB.',
  currentLogo: 'The current logo',
  removeLogo: 'Remove the logo and show the title',
  icon: 'Icon',
  iconHint:
    'A square picture, at least 64 pixels a side (512 is best): made into the favicon and the icons phones put on their home screens. PNG, JPEG, WebP, GIF or AVIF, up to 2 MB.',
  currentIcon: 'The current icon',
  removeIcon: 'Remove the icon',
  colours: 'Colour',
  accentColor: 'Accent colour',
  accentHint: `A colour as #rrggbb (for example #1a4d8a), or empty for the standard red. It must reach ${MIN_CONTRAST}:1 contrast (WCAG AA) both as text on the page and behind white text.`,
  footer: 'Footer and profiles',
  footerText: 'Footer text',
  footerHint: `Shown at the foot of every page: who publishes the site, a licence, an address. At most ${MAX_FOOTER_TEXT} characters.`,
  socialLinks: 'Profiles on other sites',
  socialHint: `One address per line, starting with https:// or http://, at most ${MAX_SOCIAL_LINKS}. They are linked in the footer and tell search engines these profiles are the site’s.`,
  errors: {
    accentColor: 'Please enter a colour as # and six hexadecimal digits, such as #1a4d8a.',
    accentContrast: (onBackground: number, withWhiteText: number) =>
      `This colour is too light or too dark to read: ${onBackground.toFixed(2)}:1 as text on the page (${PAGE_BACKGROUND}) and ${withWhiteText.toFixed(2)}:1 behind white text; both need at least ${MIN_CONTRAST}:1. Try a darker or stronger shade.`,
    footerText: `The footer text can be at most ${MAX_FOOTER_TEXT} characters long.`,
    socialLink: (line: number) => `Line ${line} is not a web address starting with https:// or http://.`,
    tooManyLinks: `Please list at most ${MAX_SOCIAL_LINKS} profiles.`,
    oneFile: 'Please choose one file here.',
    image: {
      'too-large': 'This file is larger than 2 MB. Please choose a smaller one.',
      'not-an-image': 'This file is not a picture this site can read. Please choose a PNG, JPEG, WebP, GIF or AVIF file.',
      svg: 'SVG files are not accepted, as they can carry scripts. Please choose a PNG, JPEG, WebP, GIF or AVIF file.',
      'too-many-pixels': 'This picture has too many pixels to process (the limit is 40 megapixels). Please choose a smaller one.',
      'too-small': 'The icon must be at least 64 pixels wide and tall.',
    },
  },
} as const;

/** The identity form as typed; files are never sent back, so a refused one must be chosen again. */
export interface IdentityFormValues {
  accentColor: string;
  footerText: string;
  socialLinks: string;
  removeLogo: boolean;
  removeIcon: boolean;
}

export interface IdentityPageProps extends AdminChrome {
  values: IdentityFormValues;
  errors: FieldErrors;
  notice: string | null;
  logo?: { src: string; width: number; height: number };
  icon?: { src: string };
}

function TextArea(props: { name: string; label: string; hint: string; value: string; errors: FieldErrors; rows: number }) {
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

function FileField(props: { name: string; label: string; hint: string; errors: FieldErrors }) {
  const error = props.errors[props.name];
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      <span class="field-hint" id={`${props.name}-hint`}>
        {props.hint}
      </span>
      <input
        type="file"
        id={props.name}
        name={props.name}
        accept="image/png,image/jpeg,image/webp,image/gif,image/avif"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${props.name}-hint ${props.name}-error` : `${props.name}-hint`}
      />
      <FieldError id={props.name} message={error} />
    </div>
  );
}

function Checkbox(props: { name: string; label: string; checked: boolean }) {
  return (
    <div class="field field-checkbox">
      <input type="checkbox" id={props.name} name={props.name} value="1" checked={props.checked} />
      <label for={props.name}>{props.label}</label>
    </div>
  );
}

/** The site's logo, icon, accent colour, footer and profiles, at /admin/settings/identity/. */
export function IdentityPage(props: IdentityPageProps) {
  const { values: v, errors } = props;
  return (
    <AdminLayout {...props} title={MESSAGES.title} section="settings">
      <p>
        {MESSAGES.intro} <a href="/admin/settings/">{MESSAGES.settingsLink}</a>
      </p>
      <ErrorSummary errors={errors} />
      <form method="post" action="/admin/settings/identity/" enctype="multipart/form-data" class="admin-form settings-form identity-form" novalidate>
        <CsrfField token={props.csrfToken} />
        <fieldset>
          <legend>{MESSAGES.images}</legend>
          {props.logo ? (
            <figure class="identity-current">
              <img src={props.logo.src} width={props.logo.width} height={props.logo.height} alt={MESSAGES.currentLogo} />
            </figure>
          ) : (
            ''
          )}
          <FileField name="logo" label={MESSAGES.logo} hint={MESSAGES.logoHint} errors={errors} />
          {props.logo ? <Checkbox name="removeLogo" label={MESSAGES.removeLogo} checked={v.removeLogo} /> : ''}
          {props.icon ? (
            <figure class="identity-current">
              <img src={props.icon.src} width={64} height={64} alt={MESSAGES.currentIcon} />
            </figure>
          ) : (
            ''
          )}
          <FileField name="icon" label={MESSAGES.icon} hint={MESSAGES.iconHint} errors={errors} />
          {props.icon ? <Checkbox name="removeIcon" label={MESSAGES.removeIcon} checked={v.removeIcon} /> : ''}
        </fieldset>
        <fieldset>
          <legend>{MESSAGES.colours}</legend>
          <Field name="accentColor" label={MESSAGES.accentColor} value={v.accentColor} errors={errors} maxlength={7} hint={MESSAGES.accentHint} />
        </fieldset>
        <fieldset>
          <legend>{MESSAGES.footer}</legend>
          <TextArea name="footerText" label={MESSAGES.footerText} hint={MESSAGES.footerHint} value={v.footerText} errors={errors} rows={3} />
          <TextArea name="socialLinks" label={MESSAGES.socialLinks} hint={MESSAGES.socialHint} value={v.socialLinks} errors={errors} rows={4} />
        </fieldset>
        <p>
          <button type="submit">{MESSAGES.save}</button>
        </p>
      </form>
    </AdminLayout>
  );
}
