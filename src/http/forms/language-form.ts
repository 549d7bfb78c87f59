import { z } from 'zod';
import { isLanguage, type Messages } from '../../i18n/messages.ts';

/** The admin's language on the account page: a catalogue's code, or empty for the site's language (stored as null). */
export function parseLanguageForm(
  fields: Record<string, string>,
  messages: Messages,
): { ok: true; language: string | null } | { ok: false; errors: Record<string, string> } {
  const parsed = z
    .string()
    .refine((v) => v === '' || isLanguage(v))
    .safeParse(fields.language ?? '');
  if (!parsed.success) return { ok: false, errors: { language: messages.t('admin.account.unknownLanguage') } };
  return { ok: true, language: parsed.data === '' ? null : parsed.data };
}
