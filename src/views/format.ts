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

export function formatDate(date: Date): string {
  return LONG_DATE.format(date);
}

export function formatDateTime(date: Date): string {
  return DATE_TIME.format(date);
}
