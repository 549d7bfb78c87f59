import type { Messages } from '../../i18n/messages.ts';
import type { FieldErrors } from './fields.tsx';

/**
 * The first line of a form's error summary in the admin's language ("Please correct the
 * following…"), or the page's own message when it has one; null when there is nothing to say,
 * so that the summary stays away.
 */
export function errorIntro(i18n: Messages, errors: FieldErrors, message?: string | null): string | null {
  if (message) return message;
  return Object.keys(errors).length > 0 ? i18n.t('admin.settings.correctErrors') : null;
}
