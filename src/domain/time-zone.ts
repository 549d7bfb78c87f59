/**
 * Wall-clock time in the site's time zone (an IANA name) and the UTC instants it stands for,
 * computed with Intl alone. Instants are stored and compared in UTC; a newsroom reads and writes
 * local dates and times, and daylight saving time makes the two differ in ways a fixed offset
 * cannot: a local time in a spring-forward gap never happens, one in a fall-back overlap happens twice.
 */

export interface LocalDate {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

/** The instant(s) a local date and time names in a zone. */
export type LocalInstants =
  | { kind: 'exact'; instant: Date }
  /** The clocks went back at `transition`: the time happened twice, first at `earlier` (the offset before), then at `later`. */
  | { kind: 'ambiguous'; earlier: Date; later: Date; transition: Date; offsetBefore: number; offsetAfter: number }
  /** The clocks went forward over it at `transition` (the first instant after the gap); offsets in minutes east of UTC. */
  | { kind: 'nonexistent'; transition: Date; offsetBefore: number; offsetAfter: number };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 86_400 * SECOND;

/**
 * Formatters by zone: building one costs far more than using it, and a process sees one zone
 * (the site's) and a few more in tests; the cap only bounds a misbehaving caller. Each keeps the
 * order its numbers come in: format() and the digits read back cost a third of formatToParts().
 */
interface ZoneFormatter {
  format: Intl.DateTimeFormat;
  order: Array<keyof LocalDateTime>;
}
const FORMATTERS = new Map<string, ZoneFormatter>();
const MAX_FORMATTERS = 64;
const PART_NAMES = new Set<string>(['year', 'month', 'day', 'hour', 'minute', 'second']);

function formatterFor(zone: string): ZoneFormatter {
  let f = FORMATTERS.get(zone);
  if (!f) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      calendar: 'iso8601',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const order = format
      .formatToParts(0)
      .map((part) => part.type)
      .filter((type): type is keyof LocalDateTime => PART_NAMES.has(type));
    f = { format, order };
    if (FORMATTERS.size >= MAX_FORMATTERS) FORMATTERS.clear();
    FORMATTERS.set(zone, f);
  }
  return f;
}

/** Whether a zone is UTC itself, for which no formatter is needed. */
function isUtc(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC';
}

/** The local date and time of an instant in a zone (to the second). */
export function localDateTimeOf(instant: Date, zone: string): LocalDateTime {
  if (isUtc(zone)) {
    return {
      year: instant.getUTCFullYear(),
      month: instant.getUTCMonth() + 1,
      day: instant.getUTCDate(),
      hour: instant.getUTCHours(),
      minute: instant.getUTCMinutes(),
      second: instant.getUTCSeconds(),
    };
  }
  const { format, order } = formatterFor(zone);
  const digits = format.format(instant).match(/\d+/g) ?? [];
  const t: LocalDateTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  order.forEach((name, i) => {
    t[name] = Number(digits[i]);
  });
  return t;
}

/** The local calendar day of an instant in a zone. */
export function localDateOf(instant: Date, zone: string): LocalDate {
  const { year, month, day } = localDateTimeOf(instant, zone);
  return { year, month, day };
}

/** Milliseconds since the epoch of a wall-clock reading taken as if it were UTC (years below 100 kept as written). */
function wallClockMs(t: LocalDateTime): number {
  const d = new Date(Date.UTC(2000, t.month - 1, t.day, t.hour, t.minute, t.second));
  d.setUTCFullYear(t.year, t.month - 1, t.day);
  return d.getTime();
}

function offsetMsAt(ms: number, zone: string): number {
  if (isUtc(zone)) return 0;
  const whole = Math.floor(ms / SECOND) * SECOND;
  return wallClockMs(localDateTimeOf(new Date(whole), zone)) - whole;
}

/** The zone's offset from UTC at an instant, in minutes east of UTC (Moscow +180, New York -300 or -240). */
export function offsetMinutesAt(instant: Date, zone: string): number {
  return Math.round(offsetMsAt(instant.getTime(), zone) / MINUTE);
}

function sameWallClock(a: LocalDateTime, b: LocalDateTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute && a.second === b.second;
}

/**
 * The instant(s) a local date and time names in a zone. Every offset a zone has ever used lies
 * within a day of UTC, so the offsets a day before and a day after cover both sides of any one
 * change of the clocks near it.
 */
export function instantsOfLocal(local: LocalDateTime, zone: string): LocalInstants {
  const wall = wallClockMs(local);
  const before = offsetMsAt(wall - DAY, zone);
  const after = offsetMsAt(wall + DAY, zone);
  const found = [...new Set([wall - before, wall - after])].filter((ms) => sameWallClock(localDateTimeOf(new Date(ms), zone), local)).sort((a, b) => a - b);
  const [first, second] = found;
  if (first !== undefined && second !== undefined) {
    const transition = new Date(transitionBetween(first, second, before, zone));
    return { kind: 'ambiguous', earlier: new Date(first), later: new Date(second), transition, offsetBefore: before / MINUTE, offsetAfter: after / MINUTE };
  }
  if (first !== undefined) return { kind: 'exact', instant: new Date(first) };
  return {
    kind: 'nonexistent',
    transition: new Date(transitionBetween(wall - after, wall - before, before, zone)),
    offsetBefore: before / MINUTE,
    offsetAfter: after / MINUTE,
  };
}

/** The first whole second in [low, high] whose offset is no longer `offsetBefore` (high when none is). */
function transitionBetween(low: number, high: number, offsetBefore: number, zone: string): number {
  let lo = Math.floor(low / SECOND);
  let hi = Math.ceil(high / SECOND);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMsAt(mid * SECOND, zone) === offsetBefore) lo = mid + 1;
    else hi = mid;
  }
  return hi * SECOND;
}

/**
 * What the clocks read either side of a change: `from` is the reading the change replaces
 * ("02:00" when New York springs forward), `to` the reading it jumps to ("03:00").
 */
export function clockChange(found: Extract<LocalInstants, { transition: Date }>): { from: LocalDateTime; to: LocalDateTime } {
  const wall = (offset: number) => {
    const d = new Date(found.transition.getTime() + offset * MINUTE);
    return localDateTimeOf(d, 'UTC');
  };
  return { from: wall(found.offsetBefore), to: wall(found.offsetAfter) };
}

/** The first instant whose local time is this one or later: itself, its first pass when the clocks passed it twice, or the end of a gap that skipped it. */
export function firstInstantOfLocal(local: LocalDateTime, zone: string): Date {
  const found = instantsOfLocal(local, zone);
  if (found.kind === 'exact') return found.instant;
  return found.kind === 'ambiguous' ? found.earlier : found.transition;
}

/** The first instant of a local day: its midnight, or the end of a gap that swallowed midnight. */
export function startOfLocalDay(date: LocalDate, zone: string): Date {
  return firstInstantOfLocal({ ...date, hour: 0, minute: 0, second: 0 }, zone);
}

/** Whether a year, month and day name a day of the proleptic Gregorian calendar (years 1 to 9999). */
export function isCalendarDate(d: LocalDate): boolean {
  if (!Number.isInteger(d.year) || !Number.isInteger(d.month) || !Number.isInteger(d.day)) return false;
  if (d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return false;
  const probe = new Date(wallClockMs({ ...d, hour: 12, minute: 0, second: 0 }));
  return probe.getUTCMonth() === d.month - 1 && probe.getUTCDate() === d.day;
}

/** The day after a calendar day. */
export function nextDay(d: LocalDate): LocalDate {
  const next = new Date(wallClockMs({ ...d, hour: 12, minute: 0, second: 0 }) + DAY);
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** The UTC instants [start, end) of local days from `first` up to, not including, `end`. */
export function localDaysRange(first: LocalDate, end: LocalDate, zone: string): { start: Date; end: Date } {
  return { start: startOfLocalDay(first, zone), end: startOfLocalDay(end, zone) };
}

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, '0');
}

/** An offset as RFC 3339 writes it ("+03:00", "-05:00", "+05:30"), or RFC 822 without the colon ("+0300"). */
export function formatOffset(minutes: number, separator = ':'): string {
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(Math.abs(minutes) / 60))}${separator}${pad(Math.abs(minutes) % 60)}`;
}

/**
 * An instant as RFC 3339 in the zone's local time with its offset, to the millisecond as
 * toISOString writes it: "2022-02-15T23:30:00.000+03:00"; an offset of zero is written "Z", so a
 * site in UTC reads exactly what toISOString gives.
 */
export function isoInZone(instant: Date, zone: string): string {
  const offset = offsetMinutesAt(instant, zone);
  if (offset === 0) return instant.toISOString();
  const t = localDateTimeOf(instant, zone);
  const ms = pad(((instant.getTime() % SECOND) + SECOND) % SECOND, 3);
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}.${ms}${formatOffset(offset)}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An instant as RFC 822 (RSS) writes it, in the zone's local time with its numeric offset: "Tue, 15 Feb 2022 23:30:00 +0300". */
export function rfc822InZone(instant: Date, zone: string): string {
  const t = localDateTimeOf(instant, zone);
  const weekday = WEEKDAYS[new Date(wallClockMs(t)).getUTCDay()];
  return `${weekday}, ${pad(t.day)} ${MONTHS[t.month - 1]} ${pad(t.year, 4)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)} ${formatOffset(offsetMinutesAt(instant, zone), '')}`;
}

/** A local date and time as the editor's field shows it: "2026-03-01T09:30" (datetime-local). */
export function formatLocalDateTime(t: LocalDateTime): string {
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
}

/** A local date and time for a sentence: "2026-03-08 02:30". */
export function describeLocalDateTime(t: LocalDateTime): string {
  return formatLocalDateTime(t).replace('T', ' ');
}
