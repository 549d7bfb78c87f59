import { accentContrast, DEFAULT_ACCENT, MAX_FOOTER_TEXT, MAX_SOCIAL_LINKS, MIN_CONTRAST, PAGE_BACKGROUND, parseHexColor } from '../../domain/identity.ts';
import type { PageLocale } from '../format.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { Checkbox, ErrorSummary, Field, FieldError, type FieldErrors, TextArea } from './fields.tsx';

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
  /** What an image may be: its size in megabytes, and the icon's smallest side in pixels. */
  limits: { megabytes: number; iconPixels: number };
  /** The script that updates the accent sample as the colour is typed or picked; the page works without it. */
  script?: string;
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

/** A contrast ratio as the page's language writes numbers: "4.52", "٤٫٥٢". */
function ratioFormat(language: string) {
  return new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/**
 * The accent colour as readers will see it: a link on the page's background and a button with
 * white text, each with its contrast ratio. Drawn as SVG, whose fill is an attribute and not a
 * style, so the strict style-src allows it; rendered for the saved or sent colour (the standard
 * one when the field is empty or unreadable), and redrawn by identity.js as the colour changes.
 */
function AccentSample({ value, i18n }: { value: string; i18n: PageLocale }) {
  const { t } = i18n;
  const color = parseHexColor(value) ?? DEFAULT_ACCENT;
  const contrast = accentContrast(color);
  const format = ratioFormat(i18n.language);
  const verdict = (ratio: number) => (ratio >= MIN_CONTRAST ? 'pass' : 'fail');
  const Ratio = (props: { which: 'page' | 'white'; ratio: number }) => (
    <li class={`accent-ratio accent-${verdict(props.ratio)}`} data-ratio={props.which}>
      {i18n.rich(props.which === 'page' ? 'admin.identity.sample.onPage' : 'admin.identity.sample.withWhite', {
        ratio: <span class="accent-number">{format.format(props.ratio)}</span>,
      })}{' '}
      <span class="accent-verdict" data-verdict="pass" hidden={props.ratio < MIN_CONTRAST}>
        {t('admin.identity.sample.pass')}
      </span>
      <span class="accent-verdict" data-verdict="fail" hidden={props.ratio >= MIN_CONTRAST}>
        {t('admin.identity.sample.fail', { minimum: format.format(MIN_CONTRAST) })}
      </span>
    </li>
  );
  return (
    <figure
      class="accent-sample"
      aria-labelledby="accent-sample-caption"
      data-background={PAGE_BACKGROUND}
      data-standard={DEFAULT_ACCENT}
      data-picker-label={t('admin.identity.sample.picker')}
      data-minimum={String(MIN_CONTRAST)}
    >
      <figcaption id="accent-sample-caption">{t('admin.identity.sample.caption')}</figcaption>
      <div class="accent-swatches">
        <svg class="accent-link-sample" width="180" height="48" viewBox="0 0 180 48" role="img" aria-label={t('admin.identity.sample.link')}>
          <rect width="180" height="48" fill={PAGE_BACKGROUND} />
          <text x="90" y="30" text-anchor="middle" fill={color} text-decoration="underline" font-size="16" data-accent="fill">
            {t('admin.identity.sample.link')}
          </text>
        </svg>
        <svg class="accent-button-sample" width="180" height="48" viewBox="0 0 180 48" role="img" aria-label={t('admin.identity.sample.button')}>
          <rect width="180" height="48" fill={PAGE_BACKGROUND} />
          <rect x="20" y="6" width="140" height="36" rx="4" fill={color} data-accent="fill" />
          <text x="90" y="30" text-anchor="middle" fill="#ffffff" font-size="16" font-weight="bold">
            {t('admin.identity.sample.button')}
          </text>
        </svg>
      </div>
      <ul class="accent-ratios" aria-live="polite">
        <Ratio which="page" ratio={contrast.onBackground} />
        <Ratio which="white" ratio={contrast.withWhiteText} />
      </ul>
    </figure>
  );
}

/** The site's logo, icon, accent colour, footer and profiles, at /admin/settings/identity/. */
export function IdentityPage(props: IdentityPageProps) {
  const { values: v, errors } = props;
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.identity.title')} section="settings">
      <p>
        {t('admin.identity.intro')} <a href="/admin/settings/">{t('admin.identity.settingsLink')}</a>
      </p>
      <ErrorSummary errors={errors} i18n={props.i18n} />
      <form method="post" action="/admin/settings/identity/" enctype="multipart/form-data" class="admin-form settings-form identity-form" novalidate>
        <CsrfField token={props.csrfToken} />
        <fieldset>
          <legend>{t('admin.identity.images')}</legend>
          {props.logo ? (
            <figure class="identity-current">
              <img src={props.logo.src} width={props.logo.width} height={props.logo.height} alt={t('admin.identity.currentLogo')} />
            </figure>
          ) : (
            ''
          )}
          <FileField name="logo" label={t('admin.identity.logo')} hint={t('admin.identity.logoHint', { megabytes: props.limits.megabytes })} errors={errors} />
          {props.logo ? <Checkbox name="removeLogo" label={t('admin.identity.removeLogo')} checked={v.removeLogo} /> : ''}
          {props.icon ? (
            <figure class="identity-current">
              <img src={props.icon.src} width={64} height={64} alt={t('admin.identity.currentIcon')} />
            </figure>
          ) : (
            ''
          )}
          <FileField
            name="icon"
            label={t('admin.identity.icon')}
            hint={t('admin.identity.iconHint', { megabytes: props.limits.megabytes, pixels: props.limits.iconPixels })}
            errors={errors}
          />
          {props.icon ? <Checkbox name="removeIcon" label={t('admin.identity.removeIcon')} checked={v.removeIcon} /> : ''}
        </fieldset>
        <fieldset>
          <legend>{t('admin.identity.colours')}</legend>
          <div class="accent-field">
            <Field
              name="accentColor"
              label={t('admin.identity.accentColor')}
              value={v.accentColor}
              errors={errors}
              maxlength={7}
              hint={t('admin.identity.accentHint', { minimum: MIN_CONTRAST })}
            />
            <AccentSample value={v.accentColor} i18n={props.i18n} />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('admin.identity.footer')}</legend>
          <TextArea
            name="footerText"
            label={t('admin.identity.footerText')}
            hint={t('admin.identity.footerHint', { max: MAX_FOOTER_TEXT })}
            value={v.footerText}
            errors={errors}
            rows={3}
          />
          <TextArea
            name="socialLinks"
            label={t('admin.identity.socialLinks')}
            hint={t('admin.identity.socialHint', { max: MAX_SOCIAL_LINKS })}
            value={v.socialLinks}
            errors={errors}
            rows={4}
          />
        </fieldset>
        <p>
          <button type="submit">{t('admin.identity.save')}</button>
        </p>
      </form>
      {props.script ? <script src={props.script} defer></script> : ''}
    </AdminLayout>
  );
}
