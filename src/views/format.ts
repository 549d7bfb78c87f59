import { messagesFor, type Messages } from '../i18n/messages.ts';

/** Dates as a reader of an English-language news site expects them: "15 February 2022". */
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

/** The admin's dates, in English and UTC. */
export function formatDate(date: Date): string {
  return LONG_DATE.format(date);
}

export function formatDateTime(date: Date): string {
  return DATE_TIME.format(date);
}

/** A date archive's name, or the day of a date: a calendar date, the same in every time zone. */
export interface Period {
  year: number;
  month?: number;
  day?: number;
}

/** A language's words with its way of writing dates, in the site's time zone: what every public page is handed. */
export interface PageLocale extends Messages {
  readonly timeZone: string;
  /** "15 February 2022", "15 февраля 2022 г.", in the site's time zone. */
  date(date: Date): string;
  /** The date and time with the zone's name. */
  dateTime(date: Date): string;
  /** A date archive's name: "2022", "February 2022", "15 February 2022". */
  period(p: Period): string;
  /** A language's name in this language ("Russian", "русский"), for the language a source is in. */
  languageName(tag: string): string;
}

/**
 * The locale Intl formats dates in for a catalogue's language: English news copy writes the day
 * first ("15 February 2022"), as British English does; other languages as they are.
 */
const DATE_LOCALE: Readonly<Record<string, string>> = { en: 'en-GB' };

function createPageLocale(language: string, timeZone: string): PageLocale {
  const messages = messagesFor(language);
  const locale = DATE_LOCALE[messages.language] ?? messages.language;
  const longDate = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone });
  const dateTime = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  });
  // Periods are calendar dates: made at midnight UTC and written in UTC, so no zone moves them a day.
  const periodDay = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const periodMonth = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const periodYear = new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: 'UTC' });
  const names = new Intl.DisplayNames([locale], { type: 'language' });
  /** Intl.DisplayNames is slow next to a page render, and a site uses a handful of languages. */
  const nameCache = new Map<string, string>();
  return {
    language: messages.language,
    direction: messages.direction,
    t: messages.t,
    rich: messages.rich,
    timeZone,
    date: (d) => longDate.format(d),
    dateTime: (d) => dateTime.format(d),
    period(p) {
      if (p.month === undefined) return periodYear.format(new Date(Date.UTC(p.year, 0, 1)));
      const date = new Date(Date.UTC(p.year, p.month - 1, p.day ?? 1));
      return p.day === undefined ? periodMonth.format(date) : periodDay.format(date);
    },
    languageName(tag) {
      let name = nameCache.get(tag);
      if (name === undefined) {
        try {
          name = names.of(tag) ?? tag;
        } catch {
          name = tag;
        }
        if (nameCache.size < 1_000) nameCache.set(tag, name);
      }
      return name;
    },
  };
}

/**
 * Locales made, by language and zone. Building the formatters costs far more than a page render,
 * and a site has one language and one zone (two while its settings change), so each pair is made
 * once; the cap only bounds a misbehaving caller.
 */
const LOCALES = new Map<string, PageLocale>();
const MAX_LOCALES = 32;

/** The words and date formats of a language in a time zone; English for a language with no catalogue. */
export function pageLocale(language: string, timeZone: string): PageLocale {
  const key = `${language} ${timeZone}`;
  let locale = LOCALES.get(key);
  if (locale === undefined) {
    locale = createPageLocale(language, timeZone);
    if (LOCALES.size >= MAX_LOCALES) LOCALES.clear();
    LOCALES.set(key, locale);
  }
  return locale;
}
