/**
 * Right-to-left text (Hebrew, Arabic) in visual order, one laid-out line at a time (UAX #9, after line
 * breaking): bidi-js resolves the levels, the runs are reordered here (rule L2), and each right-to-left run
 * in a Hebrew or Arabic font is handed to fontkit in logical order, which shapes it (Arabic joining) and
 * reverses its glyphs itself. Other right-to-left runs (spaces, punctuation) are reversed and mirrored here.
 */
import type { Bidi } from 'bidi-js';
import bidiModule from 'bidi-js';
import { type DocumentFonts, fontRuns, type Run } from './text-runs.ts';

// bidi-js is CommonJS: its module.exports is the factory its types call the default export.
const bidi = (bidiModule as unknown as () => Bidi)();
const RTL_CHAR = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;
const SHAPED_BY_FONTKIT = /^noto-(hebrew|arabic)-/;

export function hasRightToLeft(text: string): boolean {
  return RTL_CHAR.test(text);
}

/** The paragraph's direction from its first strong character (rules P2, P3). */
export function paragraphDirection(paragraph: string): 'ltr' | 'rtl' {
  if (!hasRightToLeft(paragraph)) return 'ltr';
  const level = bidi.getEmbeddingLevels(paragraph, 'auto').paragraphs[0]?.level ?? 0;
  return level % 2 === 1 ? 'rtl' : 'ltr';
}

function reversed(run: Run): Run {
  if (SHAPED_BY_FONTKIT.test(run.font)) return run;
  const chars = [...run.text].reverse().map((c) => bidi.getMirroredCharacter(c) ?? c);
  return { ...run, text: chars.join('') };
}

/** One line's runs, left to right as drawn. */
export function visualRuns(
  fonts: DocumentFonts,
  line: string,
  bold: boolean,
  direction: 'ltr' | 'rtl',
): Run[] {
  if (direction === 'ltr' && !hasRightToLeft(line)) return fontRuns(fonts, line, bold);
  const { levels } = bidi.getEmbeddingLevels(line, direction);
  const runs = fontRuns(fonts, line, bold, levels);
  const highest = Math.max(...runs.map((r) => r.level));
  const lowestOdd = Math.min(...runs.map((r) => r.level).filter((l) => l % 2 === 1), highest + 1);
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < runs.length; ) {
      if (runs[i]!.level < level) {
        i++;
        continue;
      }
      let end = i;
      while (end < runs.length && runs[end]!.level >= level) end++;
      runs.splice(i, end - i, ...runs.slice(i, end).reverse());
      i = end;
    }
  }
  return runs.map((run) => (run.level % 2 === 1 ? reversed(run) : run));
}
