import {
  accentContrast,
  MAX_FOOTER_TEXT,
  MAX_SOCIAL_LINKS,
  MIN_CONTRAST,
  PAGE_BACKGROUND,
  parseHexColor,
  parseProfileLink,
  type SiteIdentity,
} from '../../domain/identity.ts';
import type { Messages } from '../../i18n/messages.ts';
import type { IdentityFormValues } from '../../views/admin/identity-page.tsx';
import { hasControlCharacters } from './form-text.ts';

export type IdentityFormResult =
  | { ok: true; identity: SiteIdentity; values: IdentityFormValues }
  | { ok: false; errors: Record<string, string>; values: IdentityFormValues };

/** The form as the identity is now. */
export function identityFormValues(identity: SiteIdentity): IdentityFormValues {
  return {
    accentColor: identity.accentColor ?? '',
    footerText: identity.footerText,
    socialLinks: identity.socialLinks.join('\n'),
    removeLogo: false,
    removeIcon: false,
  };
}

/** Checks the identity form's text fields (the images are checked by their bytes, services/identity.ts). */
export function parseIdentityForm(fields: Record<string, string>, messages: Messages): IdentityFormResult {
  const { t } = messages;
  const values: IdentityFormValues = {
    accentColor: fields.accentColor ?? '',
    footerText: fields.footerText ?? '',
    socialLinks: fields.socialLinks ?? '',
    removeLogo: fields.removeLogo !== undefined,
    removeIcon: fields.removeIcon !== undefined,
  };
  const errors: Record<string, string> = {};
  for (const name of ['accentColor', 'footerText', 'socialLinks'] as const) {
    if (hasControlCharacters(values[name])) errors[name] = t('admin.settings.error.controlCharacters');
  }

  let accentColor: string | null = null;
  if (!errors.accentColor && values.accentColor.trim() !== '') {
    const color = parseHexColor(values.accentColor);
    if (color === undefined) errors.accentColor = t('admin.identity.error.accentColor');
    else {
      const contrast = accentContrast(color);
      if (contrast.ok) accentColor = color;
      else {
        const ratio = new Intl.NumberFormat(messages.language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        errors.accentColor = t('admin.identity.error.accentContrast', {
          onPage: ratio.format(contrast.onBackground),
          withWhite: ratio.format(contrast.withWhiteText),
          background: PAGE_BACKGROUND,
          minimum: MIN_CONTRAST,
        });
      }
    }
  }

  const footerText = values.footerText.trim().replace(/\r\n?/g, '\n');
  if (!errors.footerText && [...footerText].length > MAX_FOOTER_TEXT) errors.footerText = t('admin.identity.error.footerText', { max: MAX_FOOTER_TEXT });

  const socialLinks: string[] = [];
  if (!errors.socialLinks) {
    const lines = values.socialLinks.split(/\r\n?|\n/);
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      const link = parseProfileLink(line);
      if (link === undefined) {
        errors.socialLinks = t('admin.identity.error.socialLink', { line: i + 1 });
        break;
      }
      if (!socialLinks.includes(link)) socialLinks.push(link);
    }
    if (!errors.socialLinks && socialLinks.length > MAX_SOCIAL_LINKS) errors.socialLinks = t('admin.identity.error.tooManyLinks', { max: MAX_SOCIAL_LINKS });
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, values, identity: { accentColor, footerText, socialLinks } };
}
