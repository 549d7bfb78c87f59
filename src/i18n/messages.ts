import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';

/** English is the reference: every catalogue has its keys, and the keys are typed from it. */
type EnglishCatalogue = typeof import('./catalogues/en.json', { with: { type: 'json' }});
export type MessageKey = keyof EnglishCatalogue;

export const REFERENCE_LANGUAGE = 'en';

/** What a message's arguments may be given. */
export type MessageValue = string | number | Date;
export type MessageValues = Readonly<Record<string, MessageValue>>;

export type TextDirection = 'ltr' | 'rtl';

/** A language's words, compiled: what views are handed to say anything. */
export interface Messages {
  /** The language's code ("en", "ru", "ar"), for lang="…" and Intl formatters. */
  readonly language: string;
  readonly direction: TextDirection;
  /** The message under `key` with its arguments filled in. */
  t(key: MessageKey, values?: MessageValues): string;
  /**
   * The message as pieces, with arguments that are elements (a link, a <bdi>) kept as they are:
   * "By {author}" with a link for the author, in whatever order the language puts them.
   */
  rich<T>(key: MessageKey, values: Readonly<Record<string, MessageValue | T>>): Array<string | T>;
}

/**
 * The folder of catalogues. This module runs from src/i18n/ (through tsx) or bundled into
 * dist/main.js (`npm start`); both sit in the repository, so the files are read from
 * src/i18n/catalogues/ in either place. Adding a language is adding a file there.
 */
const CATALOGUE_DIR = [new URL('./catalogues/', import.meta.url), new URL('../src/i18n/catalogues/', import.meta.url)].find((dir) =>
  existsSync(new URL(`${REFERENCE_LANGUAGE}.json`, dir)),
);
if (!CATALOGUE_DIR) throw new Error(`cannot find src/i18n/catalogues/ from ${import.meta.url}`);

/** A language code as BCP 47 writes the ones a catalogue is named by: "en", "pt-BR", "zh-Hant". */
const LANGUAGE_CODE = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$/;

export type Catalogue = Readonly<Record<string, string>>;

/** Reads one catalogue file as it is, unchecked; tests check them all. */
export function readCatalogue(language: string): Catalogue {
  const parsed: unknown = JSON.parse(readFileSync(new URL(`${language}.json`, CATALOGUE_DIR), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`catalogue ${language}.json is not an object of messages`);
  return parsed as Catalogue;
}

/** The languages there is a catalogue for, English first: read once, at start. */
export const LANGUAGES: readonly string[] = readdirSync(CATALOGUE_DIR)
  .filter((f) => f.endsWith('.json') && LANGUAGE_CODE.test(f.slice(0, -'.json'.length)))
  .map((f) => f.slice(0, -'.json'.length))
  .sort((a, b) => (a === REFERENCE_LANGUAGE ? -1 : b === REFERENCE_LANGUAGE ? 1 : a.localeCompare(b)));

export function isLanguage(code: string): boolean {
  return LANGUAGES.includes(code);
}

const ENGLISH: Catalogue = readCatalogue(REFERENCE_LANGUAGE);

/**
 * Every message of a language, compiled. A key the catalogue lacks, or a message that does not
 * parse, falls back to the English one: a page never fails for a word (the catalogue tests fail
 * instead).
 */
function compile(language: string): Messages {
  const own = language === REFERENCE_LANGUAGE ? ENGLISH : readCatalogue(language);
  const compiled = new Map<string, IntlMessageFormat>();
  for (const [key, english] of Object.entries(ENGLISH)) {
    const text = own[key];
    let format: IntlMessageFormat | undefined;
    if (typeof text === 'string') {
      try {
        format = new IntlMessageFormat(text, language);
      } catch {
        format = undefined;
      }
    }
    compiled.set(key, format ?? new IntlMessageFormat(english, REFERENCE_LANGUAGE));
  }
  const direction: TextDirection = own['language.direction'] === 'rtl' ? 'rtl' : 'ltr';
  const formatOf = (key: MessageKey): IntlMessageFormat => {
    const format = compiled.get(key);
    if (!format) throw new Error(`no message ${key}`);
    return format;
  };
  return {
    language,
    direction,
    t(key, values) {
      return String(formatOf(key).format(values));
    },
    rich<T>(key: MessageKey, values: Readonly<Record<string, MessageValue | T>>) {
      const result = formatOf(key).format<T>(values as Record<string, T>);
      return Array.isArray(result) ? result : [result as string | T];
    },
  };
}

/** Compiled languages: each compiled once, at its first use, and kept for the life of the process. */
const COMPILED = new Map<string, Messages>();

/** The words of a language there is a catalogue for; English for any other code. */
export function messagesFor(language: string): Messages {
  const code = isLanguage(language) ? language : REFERENCE_LANGUAGE;
  let messages = COMPILED.get(code);
  if (messages === undefined) {
    messages = compile(code);
    COMPILED.set(code, messages);
  }
  return messages;
}
