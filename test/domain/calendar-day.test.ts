import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCalendarDay } from '../../src/domain/calendar-day.ts';

test('a calendar day is YYYY-MM-DD of a day that exists', () => {
  for (const day of ['2026-12-03', '2028-02-29', '1999-01-31']) assert.ok(isCalendarDay(day), day);
  for (const day of [
    '2026-02-30',
    '2027-02-29',
    '2026-13-01',
    '2026-1-5',
    '03/12/2026',
    '2026-12-03T00:00',
    '',
  ])
    assert.ok(!isCalendarDay(day), day);
});
