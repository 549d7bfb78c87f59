/**
 * Characters a person cannot type and a page cannot show: NUL and the other C0 controls but tab
 * and newlines, and DEL. They arrive pasted from other programs or sent by scripts. PostgreSQL
 * cannot store NUL in text at all and SQLite's length() stops at it (a title that began with
 * NUL failed the database's own CHECK), so every text field refuses them at the edge.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const CONTROL_CHARACTERS_MESSAGE =
  'This contains characters that cannot be saved (invisible control characters, often pasted by accident). Please remove them.';

export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

/** The message for each of the named fields that holds a control character. */
export function controlCharacterErrors(fields: Readonly<Record<string, string | undefined>>, names: Iterable<string>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const name of names) if (hasControlCharacters(fields[name] ?? '')) errors[name] = CONTROL_CHARACTERS_MESSAGE;
  return errors;
}

/** For zod schemas of text fields: refuses control characters with the same message. */
export const withoutControlCharacters: [check: (value: string) => boolean, message: string] = [(v) => !hasControlCharacters(v), CONTROL_CHARACTERS_MESSAGE];
