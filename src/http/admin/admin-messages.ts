import { type MessageKey, type Messages, readCatalogue, REFERENCE_LANGUAGE } from '../../i18n/messages.ts';
import { readerMessage } from '../reader-messages.ts';

/**
 * Services explain a refusal in English ("This is not your current password."), word for word an
 * English catalogue message whose key names it as an error or a refusal
 * (`admin.account.error.wrongPassword`). An editor sees it in their own language: the English
 * text leads back to its key, and a message with arguments is matched by its shape, its
 * arguments read back out of the English ("Choose a password of at least 8 characters.").
 * Why a comment was held, as the moderation log keeps it, is read the same way
 * (`admin.comments.reason.*`).
 */
const ADMIN_ERROR_KEY = /^admin\.[A-Za-z]+\.(?:error|refusal|reason)\./;

interface Shape {
  pattern: RegExp;
  key: MessageKey;
  /** Each argument in the order the English gives them, and whether it is a number. */
  args: Array<{ name: string; number: boolean }>;
}

const EXACT = new Map<string, MessageKey>();
const SHAPES: Shape[] = [];

for (const [key, text] of Object.entries(readCatalogue(REFERENCE_LANGUAGE))) {
  if (!ADMIN_ERROR_KEY.test(key)) continue;
  if (!text.includes('{')) {
    EXACT.set(text, key as MessageKey);
    continue;
  }
  // Plurals and selects are not read back; an English message of a service has none.
  if (/\{\w+, (?:plural|select)/.test(text)) continue;
  const args: Shape['args'] = [];
  const source = text
    .split(/(\{\w+(?:, number)?\})/)
    .map((part) => {
      const arg = /^\{(\w+)(, number)?\}$/.exec(part);
      if (!arg) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      args.push({ name: arg[1] as string, number: arg[2] !== undefined });
      return arg[2] ? '([\\d,.]+)' : '(.+?)';
    })
    .join('');
  SHAPES.push({ pattern: new RegExp(`^${source}$`), key: key as MessageKey, args });
}

/** An English message of a service or form, in the editor's language; one the catalogue does not have stays as it is. */
export function adminMessage(message: string, messages: Messages): string {
  if (messages.language === REFERENCE_LANGUAGE) return message;
  const key = EXACT.get(message);
  if (key !== undefined) return messages.t(key);
  for (const shape of SHAPES) {
    const match = shape.pattern.exec(message);
    if (!match) continue;
    const values: Record<string, string | number> = {};
    for (const [i, arg] of shape.args.entries()) {
      const raw = match[i + 1] ?? '';
      values[arg.name] = arg.number ? Number(raw.replace(/,/g, '')) : raw;
    }
    return messages.t(shape.key, values);
  }
  return readerMessage(message, messages);
}

/** Every message of a form's errors in the editor's language. */
export function adminMessages(errors: Readonly<Record<string, string>>, messages: Messages): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, adminMessage(message, messages)]));
}

/** Why a comment was held or sent to spam, as the log keeps it ("held: every comment is approved by hand; 5 links"), in the moderator's language. */
export function moderationReason(reason: string, messages: Messages): string {
  if (messages.language === REFERENCE_LANGUAGE) return reason;
  const match = /^(held|spam): (.*)$/s.exec(reason);
  if (!match) return adminMessage(reason, messages);
  const verdict = messages.t(match[1] === 'spam' ? 'admin.comments.reason.spam' : 'admin.comments.reason.held');
  return `${verdict}: ${(match[2] ?? '')
    .split('; ')
    .map((part) => adminMessage(part, messages))
    .join('; ')}`;
}
