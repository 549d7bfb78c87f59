import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  clockChange,
  instantsOfLocal,
  isCalendarDate,
  isoInZone,
  localDateOf,
  localDateTimeOf,
  nextDay,
  offsetMinutesAt,
  rfc822InZone,
  startOfLocalDay,
  type LocalDateTime,
} from './time-zone.ts';

/** Enough runs to find the classic mistakes, few enough to keep the suite quick. */
const RUNS = { numRuns: 400 };

/**
 * Zones with every kind of clock change: none (Kolkata, Moscow since 2014), an hour each spring and
 * autumn on either side of the equator, half an hour (Lord Howe), at midnight (Santiago, Havana),
 * odd offsets (Kathmandu +05:45, Chatham +12:45, St John's -03:30) and a whole day skipped (Apia, 2011).
 */
const ZONES = [
  'UTC',
  'Europe/Moscow',
  'America/New_York',
  'Asia/Kolkata',
  'Europe/London',
  'Australia/Lord_Howe',
  'America/Santiago',
  'America/Havana',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'America/St_Johns',
  'Pacific/Apia',
  'Australia/Sydney',
] as const;

const zone = fc.constantFrom(...ZONES);
/** Whole seconds from 1970 to 2100. */
const instant = fc.integer({ min: 0, max: 4_102_444_800 }).map((s) => new Date(s * 1000));
/** Instants within a day of a clock change somewhere, where the mistakes are. */
const nearChange = fc
  .tuple(
    fc.constantFrom(
      '2011-12-29T10:00:00Z',
      '2024-03-10T07:00:00Z',
      '2024-11-03T06:00:00Z',
      '2024-04-07T00:00:00Z',
      '2024-09-08T04:00:00Z',
      '2014-10-25T22:00:00Z',
    ),
    fc.integer({ min: -86_400, max: 86_400 }),
  )
  .map(([at, s]) => new Date(Date.parse(at) + s * 1000));
const someInstant = fc.oneof(instant, nearChange);

const localDateTime: fc.Arbitrary<LocalDateTime> = fc
  .record({
    year: fc.integer({ min: 1971, max: 2099 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
  })
  .map((r) => ({ ...r }))
  .filter(isCalendarDate);

describe('time zones', () => {
  it('finds an instant again from its local date and time', () => {
    fc.assert(
      fc.property(someInstant, zone, (t, z) => {
        const found = instantsOfLocal(localDateTimeOf(t, z), z);
        const instants = found.kind === 'exact' ? [found.instant] : found.kind === 'ambiguous' ? [found.earlier, found.later] : [];
        assert.ok(
          instants.some((i) => i.getTime() === t.getTime()),
          `${t.toISOString()} in ${z}`,
        );
      }),
      RUNS,
    );
  });

  it('answers with instants that read as the local time asked for, and tells gaps from overlaps', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          localDateTime,
          someInstant.map((t) => localDateTimeOf(t, 'America/New_York')),
        ),
        zone,
        (local, z) => {
          const found = instantsOfLocal(local, z);
          if (found.kind === 'exact') assert.deepEqual(localDateTimeOf(found.instant, z), local);
          if (found.kind === 'ambiguous') {
            assert.deepEqual(localDateTimeOf(found.earlier, z), local);
            assert.deepEqual(localDateTimeOf(found.later, z), local);
            assert.ok(found.earlier < found.transition && found.transition <= found.later && found.offsetBefore > found.offsetAfter);
            assert.equal(offsetMinutesAt(found.transition, z), found.offsetAfter);
            assert.equal(offsetMinutesAt(new Date(found.transition.getTime() - 1000), z), found.offsetBefore);
          }
          if (found.kind === 'nonexistent') {
            // The clocks jumped forward over it: a second before the change reads earlier, the change itself later.
            assert.ok(found.offsetAfter > found.offsetBefore);
            assert.equal(offsetMinutesAt(found.transition, z), found.offsetAfter);
            assert.equal(offsetMinutesAt(new Date(found.transition.getTime() - 1000), z), found.offsetBefore);
          }
        },
      ),
      RUNS,
    );
  });

  it('puts every instant inside the range of its own local day, and days end where the next begins', () => {
    fc.assert(
      fc.property(someInstant, zone, (t, z) => {
        const day = localDateOf(t, z);
        const start = startOfLocalDay(day, z);
        const end = startOfLocalDay(nextDay(day), z);
        assert.ok(start <= t && t < end, `${t.toISOString()} in ${z}: ${start.toISOString()} to ${end.toISOString()}`);
        assert.deepEqual(localDateOf(start, z), day);
        assert.notDeepEqual(localDateOf(new Date(start.getTime() - 1000), z), day);
      }),
      RUNS,
    );
  });

  it('knows the examples a newsroom meets', () => {
    // 23:30 in Moscow is still the 15th there, the 15th at 20:30 in UTC.
    assert.deepEqual(localDateOf(new Date('2022-02-15T20:30:00Z'), 'Europe/Moscow'), { year: 2022, month: 2, day: 15 });
    assert.equal(startOfLocalDay({ year: 2022, month: 2, day: 16 }, 'Europe/Moscow').toISOString(), '2022-02-15T21:00:00.000Z');
    assert.equal(startOfLocalDay({ year: 2024, month: 1, day: 1 }, 'Asia/Kolkata').toISOString(), '2023-12-31T18:30:00.000Z');
    // New York springs forward at 02:00 on 10 March 2024 and falls back at 02:00 on 3 November.
    assert.deepEqual(instantsOfLocal({ year: 2024, month: 3, day: 10, hour: 2, minute: 30, second: 0 }, 'America/New_York'), {
      kind: 'nonexistent',
      transition: new Date('2024-03-10T07:00:00Z'),
      offsetBefore: -300,
      offsetAfter: -240,
    });
    assert.deepEqual(instantsOfLocal({ year: 2024, month: 11, day: 3, hour: 1, minute: 30, second: 0 }, 'America/New_York'), {
      kind: 'ambiguous',
      earlier: new Date('2024-11-03T05:30:00Z'),
      later: new Date('2024-11-03T06:30:00Z'),
      transition: new Date('2024-11-03T06:00:00Z'),
      offsetBefore: -240,
      offsetAfter: -300,
    });
    const spring = instantsOfLocal({ year: 2024, month: 3, day: 10, hour: 2, minute: 30, second: 0 }, 'America/New_York');
    if (spring.kind !== 'nonexistent') assert.fail('a time in the gap');
    assert.deepEqual(clockChange(spring), {
      from: { year: 2024, month: 3, day: 10, hour: 2, minute: 0, second: 0 },
      to: { year: 2024, month: 3, day: 10, hour: 3, minute: 0, second: 0 },
    });
    // The day Samoa skipped has no instants at all.
    const skipped = startOfLocalDay({ year: 2011, month: 12, day: 30 }, 'Pacific/Apia');
    assert.equal(skipped.getTime(), startOfLocalDay({ year: 2011, month: 12, day: 31 }, 'Pacific/Apia').getTime());
    // Santiago's clocks went from 23:59:59 to 01:00 on 8 September 2024: that day began at 01:00.
    assert.equal(startOfLocalDay({ year: 2024, month: 9, day: 8 }, 'America/Santiago').toISOString(), '2024-09-08T04:00:00.000Z');
  });

  it('writes instants as feeds want them, in local time with the offset', () => {
    const t = new Date('2022-02-15T20:30:00Z');
    assert.equal(isoInZone(t, 'Europe/Moscow'), '2022-02-15T23:30:00.000+03:00');
    assert.equal(isoInZone(t, 'UTC'), '2022-02-15T20:30:00.000Z');
    assert.equal(isoInZone(t, 'Asia/Kathmandu'), '2022-02-16T02:15:00.000+05:45');
    assert.equal(isoInZone(new Date('2024-07-01T12:00:00Z'), 'America/St_Johns'), '2024-07-01T09:30:00.000-02:30');
    assert.equal(rfc822InZone(t, 'Europe/Moscow'), 'Tue, 15 Feb 2022 23:30:00 +0300');
    assert.equal(rfc822InZone(t, 'America/New_York'), 'Tue, 15 Feb 2022 15:30:00 -0500');
    fc.assert(
      fc.property(someInstant, zone, (i, z) => {
        assert.equal(Date.parse(isoInZone(i, z)), i.getTime());
        assert.equal(Date.parse(rfc822InZone(i, z)), i.getTime());
      }),
      RUNS,
    );
  });

  it('checks calendar dates', () => {
    assert.ok(isCalendarDate({ year: 2024, month: 2, day: 29 }));
    assert.ok(!isCalendarDate({ year: 2023, month: 2, day: 29 }));
    assert.ok(!isCalendarDate({ year: 1900, month: 2, day: 29 }));
    assert.ok(!isCalendarDate({ year: 2023, month: 13, day: 1 }));
    assert.ok(!isCalendarDate({ year: 0, month: 1, day: 1 }));
    assert.deepEqual(nextDay({ year: 2024, month: 12, day: 31 }), { year: 2025, month: 1, day: 1 });
  });
});
