import { accentContrast, MAX_FOOTER_TEXT, MAX_SOCIAL_LINKS, parseHexColor, parseProfileLink, type SiteIdentity } from '../../domain/identity.ts';
import { type IdentityFormValues, MESSAGES } from '../../views/admin/identity-page.tsx';
import { CONTROL_CHARACTERS_MESSAGE, hasControlCharacters } from './form-text.ts';

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
export function parseIdentityForm(fields: Record<string, string>): IdentityFormResult {
  const values: IdentityFormValues = {
    accentColor: fields.accentColor ?? '',
    footerText: fields.footerText ?? '',
    socialLinks: fields.socialLinks ?? '',
    removeLogo: fields.removeLogo !== undefined,
    removeIcon: fields.removeIcon !== undefined,
  };
  const errors: Record<string, string> = {};
  for (const name of ['accentColor', 'footerText', 'socialLinks'] as const) {
    if (hasControlCharacters(values[name])) errors[name] = CONTROL_CHARACTERS_MESSAGE;
  }

  let accentColor: string | null = null;
  if (!errors.accentColor && values.accentColor.trim() !== '') {
    const color = parseHexColor(values.accentColor);
    if (color === undefined) errors.accentColor = MESSAGES.errors.accentColor;
    else {
      const contrast = accentContrast(color);
      if (contrast.ok) accentColor = color;
      else errors.accentColor = MESSAGES.errors.accentContrast(contrast.onBackground, contrast.withWhiteText);
    }
  }

  const footerText = values.footerText.trim().replace(/\r\n?/g, '\n');
  if (!errors.footerText && [...footerText].length > MAX_FOOTER_TEXT) errors.footerText = MESSAGES.errors.footerText;

  const socialLinks: string[] = [];
  if (!errors.socialLinks) {
    const lines = values.socialLinks.split(/\r\n?|\n/);
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      const link = parseProfileLink(line);
      if (link === undefined) {
        errors.socialLinks = MESSAGES.errors.socialLink(i + 1);
        break;
      }
      if (!socialLinks.includes(link)) socialLinks.push(link);
    }
    if (!errors.socialLinks && socialLinks.length > MAX_SOCIAL_LINKS) errors.socialLinks = MESSAGES.errors.tooManyLinks;
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, values, identity: { accentColor, footerText, socialLinks } };
}
