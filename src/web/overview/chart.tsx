/**
 * Bar charts drawn on the server as SVG (no script, no inline styles: the CSP forbids them): a group
 * named by its <title> and <desc>, each bar a link holding a role="img" with its own <title> (the bar's
 * full figure), a text label under the bar and its value above. The root is not role="img" itself: an
 * image's children are presentational, so links inside it would be hidden from assistive technology
 * (axe-core: nested-interactive). Pure.
 */
import type { VNode } from 'preact';
import { toMajor } from '../../domain/money.ts';

export interface Bar {
  label: string;
  /** Shown above the bar (short: "$1.2K"). */
  valueLabel: string;
  /** Its height, relative to the largest. */
  value: number;
  href: string;
  /** The link's full description ("1–30 days: 3 invoices, $1,234.00"). */
  description: string;
  tone?: 'ok' | 'warn' | 'late';
}

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 220;
const TOP = 22;
const BOTTOM = 36;
const SIDE = 8;

/** The bars' geometry: x, width, y and height in the viewBox, a zero bar 2 units high. */
export function barGeometry(values: number[]) {
  const max = Math.max(0, ...values);
  const plot = CHART_HEIGHT - TOP - BOTTOM;
  const slot = (CHART_WIDTH - 2 * SIDE) / Math.max(1, values.length);
  const width = Math.max(4, Math.round(slot * 0.64));
  return values.map((v, i) => {
    const height = max > 0 ? Math.max(2, Math.round((Math.max(0, v) / max) * plot)) : 2;
    const x = Math.round(SIDE + i * slot + (slot - width) / 2);
    return { x, width, y: TOP + plot - height, height, center: Math.round(SIDE + i * slot + slot / 2) };
  });
}

export function BarChart({
  id,
  title,
  desc,
  bars,
}: {
  id: string;
  title: string;
  desc: string;
  bars: Bar[];
}): VNode {
  const geometry = barGeometry(bars.map((b) => b.value));
  const baseline = CHART_HEIGHT - BOTTOM;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG chart has no <fieldset>; the group names the chart
    <svg
      class="chart"
      role="group"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`}
      width="100%"
      preserveAspectRatio="xMidYMid meet"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      <line class="axis" x1={SIDE} y1={baseline} x2={CHART_WIDTH - SIDE} y2={baseline} stroke="#9aa5b1" />
      {bars.map((bar, i) => {
        const g = geometry[i]!;
        return (
          <a href={bar.href}>
            {/* biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: the <g> is the link's image, not the link */}
            <g role="img" aria-label={bar.description}>
              <title>{bar.description}</title>
              <rect
                class={`bar bar-${bar.tone ?? 'ok'}`}
                x={g.x}
                y={g.y}
                width={g.width}
                height={g.height}
                rx="2"
              />
              <text class="v" x={g.center} y={g.y - 6} text-anchor="middle">
                {bar.valueLabel}
              </text>
              <text class="l" x={g.center} y={baseline + 16} text-anchor="middle">
                {bar.label}
              </text>
            </g>
          </a>
        );
      })}
    </svg>
  );
}

/** "$1.2K", "€950": a short amount for a bar's label (the exact amounts are in the table beside it). */
export function compactMoney(minor: number, currency: string): string {
  const major = toMajor(minor, currency);
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      notation: 'compact',
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    }).format(major);
  } catch {
    return `${major} ${currency}`;
  }
}
