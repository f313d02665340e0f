/** The overview's pure parts: ageing buckets at their boundaries, month ranges, bar geometry and the SVG. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import {
  AGEING_BUCKETS,
  addDays,
  bucketDueRange,
  bucketIndex,
  daysPastDue,
  lastMonths,
  monthLabel,
} from '../../src/domain/ageing.ts';
import { BarChart, barGeometry, CHART_HEIGHT, compactMoney } from '../../src/web/overview/chart.tsx';

describe('ageing buckets', () => {
  test('days past due fall in the right bucket at every boundary', () => {
    const cases: [number, string][] = [
      [-10, 'current'],
      [0, 'current'],
      [1, '1-30'],
      [30, '1-30'],
      [31, '31-60'],
      [60, '31-60'],
      [61, '61-90'],
      [90, '61-90'],
      [91, '90+'],
      [4000, '90+'],
    ];
    for (const [days, id] of cases) assert.equal(AGEING_BUCKETS[bucketIndex(days)]!.id, id, `${days} days`);
  });

  test("a bucket's due-date range holds exactly its invoices", () => {
    const today = '2026-03-01';
    assert.deepEqual(bucketDueRange(today, AGEING_BUCKETS[0]!), { dueFrom: '2026-03-01' });
    assert.deepEqual(bucketDueRange(today, AGEING_BUCKETS[1]!), {
      dueFrom: '2026-01-30',
      dueTo: '2026-02-28',
    });
    assert.deepEqual(bucketDueRange(today, AGEING_BUCKETS[2]!), {
      dueFrom: '2025-12-31',
      dueTo: '2026-01-29',
    });
    assert.deepEqual(bucketDueRange(today, AGEING_BUCKETS[3]!), {
      dueFrom: '2025-12-01',
      dueTo: '2025-12-30',
    });
    assert.deepEqual(bucketDueRange(today, AGEING_BUCKETS[4]!), { dueTo: '2025-11-30' });
    // Every day from 200 days back to 10 ahead is in exactly the range of its own bucket.
    for (let back = -10; back <= 200; back++) {
      const due = addDays(today, -back);
      assert.equal(daysPastDue(today, due), back);
      const inRange = AGEING_BUCKETS.map((b) => {
        const r = bucketDueRange(today, b);
        return (r.dueFrom === undefined || due >= r.dueFrom) && (r.dueTo === undefined || due <= r.dueTo);
      });
      assert.deepEqual(
        inRange.flatMap((yes, i) => (yes ? [i] : [])),
        [bucketIndex(back)],
        due,
      );
    }
  });

  test('the last 12 months run to this month, each from its first to its last day', () => {
    const months = lastMonths('2026-02-14', 12);
    assert.equal(months.length, 12);
    assert.deepEqual(months[0], { month: '2025-03', from: '2025-03-01', to: '2025-03-31' });
    assert.deepEqual(months[10], { month: '2026-01', from: '2026-01-01', to: '2026-01-31' });
    assert.deepEqual(months[11], { month: '2026-02', from: '2026-02-01', to: '2026-02-28' });
    assert.deepEqual(lastMonths('2028-02-29', 1), [
      { month: '2028-02', from: '2028-02-01', to: '2028-02-29' },
    ]);
    assert.equal(monthLabel('2025-12'), 'Dec 2025');
  });
});

describe('bar chart', () => {
  test('bars scale to the largest, a zero bar is still a visible link', () => {
    const g = barGeometry([0, 50, 100]);
    assert.equal(g[0]!.height, 2);
    assert.ok(Math.abs(g[1]!.height * 2 - g[2]!.height) <= 1);
    for (const bar of g) assert.ok(bar.y + bar.height <= CHART_HEIGHT && bar.y > 0);
    assert.ok(g[0]!.x + g[0]!.width < g[1]!.x);
    assert.deepEqual(
      barGeometry([0, 0]).map((b) => b.height),
      [2, 2],
    );
  });

  test('the SVG is an image with a title, text labels and links, and no inline styles', () => {
    const html = renderToString(
      BarChart({
        id: 'c',
        title: 'Unpaid <USD> "invoices"',
        desc: 'desc',
        bars: [
          {
            label: 'Current',
            valueLabel: '$1K',
            value: 1000,
            href: '/a?x=1&y=2',
            description: 'Current: 1 invoice',
          },
          { label: 'Late', valueLabel: '$0', value: 0, href: '/b', description: 'Late', tone: 'late' },
        ],
      }),
    );
    assert.match(html, /<svg [^>]*role="group"[^>]*aria-labelledby="c-title c-desc"/);
    assert.match(html, /<title id="c-title">Unpaid &lt;USD> &quot;invoices&quot;<\/title>/);
    assert.match(
      html,
      /<a href="\/a\?x=1&amp;y=2"><g role="img" aria-label="Current: 1 invoice"><title>Current: 1 invoice<\/title>/,
    );
    assert.match(html, />Current<\/text>/);
    assert.match(html, />\$1K<\/text>/);
    assert.match(html, /class="bar bar-late"/);
    assert.doesNotMatch(html, /style=/);
  });

  test('compact amounts for bar labels', () => {
    assert.equal(compactMoney(123456, 'USD'), '$1.2K');
    assert.equal(compactMoney(95000, 'EUR'), '€950');
    assert.equal(compactMoney(1200, 'JPY'), '¥1.2K');
  });
});
