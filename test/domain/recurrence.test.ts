/** Recurring schedules' run times (src/domain/recurrence.ts): month ends, leap years, DST, ends. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assertValidRule,
  nextRun,
  RecurrenceError,
  type RepeatRule,
  runsBetween,
} from '../../src/domain/recurrence.ts';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const FAR = new Date('2100-01-01T00:00:00Z');

function runs(rule: RepeatRule, timezone: string, n: number, from = new Date('2000-01-01T00:00:00Z')) {
  return iso(runsBetween(rule, timezone, from, FAR, n));
}

describe('month ends and leap years', () => {
  test('monthly on the 31st runs on the last day of shorter months', () => {
    assert.deepEqual(
      runs(
        { intervalType: 'monthly', interval: 1, startDate: '2027-01-31', startTime: '10:00:00' },
        'UTC',
        5,
      ),
      [
        '2027-01-31T10:00:00.000Z',
        '2027-02-28T10:00:00.000Z',
        '2027-03-31T10:00:00.000Z',
        '2027-04-30T10:00:00.000Z',
        '2027-05-31T10:00:00.000Z',
      ],
    );
  });

  test('dayOfMonth 30 in a leap year February is the 29th; -1 is always the last day', () => {
    const on30 = runs(
      { intervalType: 'monthly', interval: 1, startDate: '2028-01-01', dayOfMonth: 30 },
      'UTC',
      3,
    );
    assert.deepEqual(on30, [
      '2028-01-30T00:00:00.000Z',
      '2028-02-29T00:00:00.000Z',
      '2028-03-30T00:00:00.000Z',
    ]);
    const last = runs(
      { intervalType: 'monthly', interval: 1, startDate: '2027-01-01', dayOfMonth: -1 },
      'UTC',
      3,
    );
    assert.deepEqual(last, [
      '2027-01-31T00:00:00.000Z',
      '2027-02-28T00:00:00.000Z',
      '2027-03-31T00:00:00.000Z',
    ]);
  });

  test('yearly from February 29th runs on the 28th in common years', () => {
    const r = runs({ intervalType: 'yearly', interval: 1, startDate: '2028-02-29' }, 'UTC', 5);
    assert.deepEqual(r, [
      '2028-02-29T00:00:00.000Z',
      '2029-02-28T00:00:00.000Z',
      '2030-02-28T00:00:00.000Z',
      '2031-02-28T00:00:00.000Z',
      '2032-02-29T00:00:00.000Z',
    ]);
  });

  test('every other month, the last Monday', () => {
    const r = runs(
      { intervalType: 'monthly', interval: 2, startDate: '2027-01-01', dayOfWeek: 'mo', numOfWeek: -1 },
      'UTC',
      3,
    );
    assert.deepEqual(r, ['2027-01-25T00:00:00.000Z', '2027-03-29T00:00:00.000Z', '2027-05-31T00:00:00.000Z']);
  });

  test('every two weeks on Friday; yearly in a named month', () => {
    const weekly = runs(
      { intervalType: 'weekly', interval: 2, startDate: '2027-01-01', dayOfWeek: 'fr' },
      'UTC',
      3,
    );
    assert.deepEqual(weekly, [
      '2027-01-01T00:00:00.000Z',
      '2027-01-15T00:00:00.000Z',
      '2027-01-29T00:00:00.000Z',
    ]);
    const yearly = runs(
      { intervalType: 'yearly', interval: 1, startDate: '2027-01-01', monthOfYear: 'mar', dayOfMonth: 15 },
      'UTC',
      2,
    );
    assert.deepEqual(yearly, ['2027-03-15T00:00:00.000Z', '2028-03-15T00:00:00.000Z']);
  });
});

describe('daylight saving time, in the schedule time zone', () => {
  const NY = 'America/New_York';

  test('09:00 stays 09:00 local across spring forward and fall back', () => {
    const spring = runs(
      { intervalType: 'daily', interval: 1, startDate: '2027-03-13', startTime: '09:00:00' },
      NY,
      3,
    );
    assert.deepEqual(spring, [
      '2027-03-13T14:00:00.000Z',
      '2027-03-14T13:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
    ]);
    const fall = runs(
      { intervalType: 'daily', interval: 1, startDate: '2027-11-06', startTime: '09:00:00' },
      NY,
      3,
    );
    assert.deepEqual(fall, [
      '2027-11-06T13:00:00.000Z',
      '2027-11-07T14:00:00.000Z',
      '2027-11-08T14:00:00.000Z',
    ]);
  });

  test('a time inside the spring-forward gap runs once that day, after the clocks moved', () => {
    const r = runs(
      { intervalType: 'daily', interval: 1, startDate: '2027-03-13', startTime: '02:30:00' },
      NY,
      3,
    );
    assert.deepEqual(r, ['2027-03-13T07:30:00.000Z', '2027-03-14T07:30:00.000Z', '2027-03-15T06:30:00.000Z']);
    // 2027-03-14T07:30Z is 03:30 EDT: the day still gets its one run.
  });

  test('a time that happens twice at fall back runs once', () => {
    const r = runs(
      { intervalType: 'daily', interval: 1, startDate: '2027-11-06', startTime: '01:30:00' },
      NY,
      3,
    );
    assert.equal(r.length, 3);
    assert.deepEqual(
      r.map((x) => x.slice(0, 10)),
      ['2027-11-06', '2027-11-07', '2027-11-08'],
    );
    assert.equal(r[1], '2027-11-07T05:30:00.000Z', 'the first 01:30 (EDT)');
  });

  test('a southern-hemisphere zone keeps its local time too', () => {
    // Auckland leaves daylight time on 2027-04-04 (UTC+13 to UTC+12).
    const r = runs(
      { intervalType: 'daily', interval: 1, startDate: '2027-04-03', startTime: '08:00:00' },
      'Pacific/Auckland',
      2,
    );
    assert.deepEqual(r, ['2027-04-02T19:00:00.000Z', '2027-04-03T20:00:00.000Z']);
  });
});

describe('ends and next runs', () => {
  test('count ends the rule after that many runs in all, whenever it is asked', () => {
    const rule: RepeatRule = {
      intervalType: 'daily',
      interval: 1,
      startDate: '2027-01-01',
      count: 3,
      endType: 'count',
    };
    assert.equal(runs(rule, 'UTC', 10).length, 3);
    assert.equal(nextRun(rule, 'UTC', new Date('2027-01-03T00:00:00Z')), null);
  });

  test('endDate includes its own day; nothing after it', () => {
    const rule: RepeatRule = {
      intervalType: 'daily',
      interval: 1,
      startDate: '2027-01-01',
      startTime: '12:00:00',
      endDate: '2027-01-03',
    };
    assert.deepEqual(runs(rule, 'UTC', 10), [
      '2027-01-01T12:00:00.000Z',
      '2027-01-02T12:00:00.000Z',
      '2027-01-03T12:00:00.000Z',
    ]);
  });

  test('nextRun is strictly after the given instant', () => {
    const rule: RepeatRule = {
      intervalType: 'daily',
      interval: 1,
      startDate: '2027-01-01',
      startTime: '12:00:00',
    };
    assert.equal(
      nextRun(rule, 'UTC', new Date('2027-01-02T12:00:00Z'))!.toISOString(),
      '2027-01-03T12:00:00.000Z',
    );
    assert.equal(
      nextRun(rule, 'UTC', new Date('2026-06-01T00:00:00Z'))!.toISOString(),
      '2027-01-01T12:00:00.000Z',
    );
  });

  test('a bounded catch-up: runsBetween returns at most its limit, oldest first', () => {
    const rule: RepeatRule = { intervalType: 'hourly', interval: 1, startDate: '2027-01-01' };
    const r = runsBetween(rule, 'UTC', new Date('2026-12-31T23:00:00Z'), new Date('2027-02-01T00:00:00Z'), 5);
    assert.deepEqual(
      iso(r),
      [0, 1, 2, 3, 4].map((h) => `2027-01-01T0${h}:00:00.000Z`),
    );
  });
});

test('rules that cannot run are refused with the field named', () => {
  const base: RepeatRule = { intervalType: 'monthly', interval: 1, startDate: '2027-01-01' };
  const cases: Array<[RepeatRule, string, RegExp]> = [
    [{ ...base, interval: 0 }, 'UTC', /interval must be/],
    [{ ...base, dayOfMonth: 32 }, 'UTC', /dayOfMonth must be/],
    [{ ...base, startDate: '2027-02-30' }, 'UTC', /not a real date/],
    [{ ...base, startTime: '25:00:00' }, 'UTC', /not a real date/],
    [{ ...base, endType: 'by' }, 'UTC', /needs an endDate/],
    [{ ...base, endDate: '2026-01-01' }, 'UTC', /must not be before startDate/],
    [{ ...base, endType: 'count' }, 'UTC', /count must be/],
    [{ ...base, numOfWeek: 2 }, 'UTC', /needs a dayOfWeek/],
    [base, 'Mars/Olympus', /not an IANA time zone/],
  ];
  for (const [rule, tz, message] of cases) {
    assert.throws(
      () => assertValidRule(rule, tz),
      (e: Error) => e instanceof RecurrenceError && message.test(e.message),
    );
  }
});
