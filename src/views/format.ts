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

const MONTH_YEAR = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A date archive's name: "2022", "February 2022", "15 February 2022". */
export function formatPeriod(p: { year: number; month?: number; day?: number }): string {
  if (p.month === undefined) return String(p.year);
  const date = new Date(Date.UTC(p.year, p.month - 1, p.day ?? 1));
  return p.day === undefined ? MONTH_YEAR.format(date) : LONG_DATE.format(date);
}
