import { type MessageKey, type Messages, readCatalogue, REFERENCE_LANGUAGE } from '../i18n/messages.ts';

/**
 * The domain and services explain a refusal in English ("Duplicate comment detected…", "You are
 * posting comments too quickly…"), word for word the English catalogue's message. A reader sees
 * it in the site's language: the English text leads back to its key. Messages with a number in
 * them are matched by their shape.
 */
const KEY_OF_ENGLISH = new Map<string, MessageKey>();
for (const [key, text] of Object.entries(readCatalogue(REFERENCE_LANGUAGE))) {
  // Refusals of the admin's links (an expired setup or password link) reach signed-out people as error pages.
  if (key.startsWith('commentError.') || key.startsWith('error.') || /^admin\.[A-Za-z]+\.refusal\./.test(key)) {
    if (!text.includes('{')) KEY_OF_ENGLISH.set(text, key as MessageKey);
  }
}

const WITH_NUMBER: ReadonlyArray<{ pattern: RegExp; key: MessageKey; argument: string }> = [
  { pattern: /^Replies can be nested at most (\d+) levels deep\.$/, key: 'commentError.tooDeepField', argument: 'depth' },
  { pattern: /^Your comment is too long to send: a reply can be at most (\d+) KB\./, key: 'commentError.tooLarge', argument: 'kilobytes' },
];

/** An English message of the domain in the reader's language; a message the catalogue does not have stays as it is. */
export function readerMessage(message: string, messages: Messages): string {
  if (messages.language === REFERENCE_LANGUAGE) return message;
  const key = KEY_OF_ENGLISH.get(message);
  if (key !== undefined) return messages.t(key);
  for (const { pattern, key: numbered, argument } of WITH_NUMBER) {
    const match = pattern.exec(message);
    if (match) return messages.t(numbered, { [argument]: Number(match[1]) });
  }
  return message;
}

/** Every message of a form's errors in the reader's language. */
export function readerMessages(errors: Readonly<Record<string, string>>, messages: Messages): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, readerMessage(message, messages)]));
}
