/**
 * Which font draws each character: Helvetica (a standard font, nothing embedded) for WinAnsi, else the
 * first Noto family that has the glyph, in an order that puts the document's own East Asian font first.
 * A string becomes runs of one font each; marks, joiners and variation selectors stay with the character
 * before them, so fontkit shapes a whole Arabic word or emoji sequence at once.
 */
import { type Family, fontFace, type Weight } from './font-faces.ts';
import { BOLD, FONT, openEmbeddedFont } from './fonts.ts';
import { isWinAnsi } from './win-ansi.ts';

export interface Run {
  text: string;
  /** The pdfkit font name to draw it with. */
  font: string;
  /** Its bidi embedding level: odd is right-to-left. */
  level: number;
}

/** One document's font choices: the fallback order and what each character resolved to. */
export interface DocumentFonts {
  pdf: PDFKit.PDFDocument;
  order: Family[];
  chosen: Map<string, string | null>;
}

export function documentFonts(pdf: PDFKit.PDFDocument, eastAsian: Family[]): DocumentFonts {
  return { pdf, order: ['sans', 'hebrew', 'arabic', ...eastAsian, 'emoji'], chosen: new Map() };
}

const CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\u3000-\u303f\uff00-\uffef]/u;
const ATTACHES = /\p{M}|\u200c|\u200d|[\ufe00-\ufe0f]|[\u{1f3fb}-\u{1f3ff}]|[\u{e0020}-\u{e007f}]/u;

/** The font for one character, or null when no font has it (it is then shown as "?"). */
function embeddedFor(fonts: DocumentFonts, char: string, weight: Weight): string | null {
  const key = `${weight}:${char}`;
  const known = fonts.chosen.get(key);
  if (known !== undefined) return known;
  const code = char.codePointAt(0)!;
  const families = CJK.test(char)
    ? fonts.order.filter((f) => f === 'jp' || f === 'sc' || f === 'kr')
    : fonts.order;
  let found: string | null = null;
  for (const family of families) {
    const face = fontFace(family, weight);
    if (face.font.hasGlyphForCodePoint(code)) {
      openEmbeddedFont(fonts.pdf, face);
      found = face.name;
      break;
    }
  }
  fonts.chosen.set(key, found);
  return found;
}

/**
 * Splits `text` into runs of one font and one bidi level each (see the module comment), in logical order.
 * `levels` are bidi-js's per UTF-16 unit; without them the text is all left-to-right.
 */
export function fontRuns(fonts: DocumentFonts, text: string, bold: boolean, levels?: Uint8Array): Run[] {
  const standard = bold ? BOLD : FONT;
  const weight: Weight = bold ? 'bold' : 'regular';
  const runs: Run[] = [];
  let index = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const level = levels?.[index] ?? 0;
    const last = runs[runs.length - 1];
    let font: string;
    let shown = char;
    if (isWinAnsi(code)) font = standard;
    else if (last && last.font !== standard && ATTACHES.test(char)) font = last.font;
    else if (ATTACHES.test(char)) {
      index += char.length;
      continue;
    } else {
      const embedded = embeddedFor(fonts, char, weight);
      font = embedded ?? standard;
      if (!embedded) shown = '?';
    }
    if (last && last.font === font && last.level === level) last.text += shown;
    else runs.push({ text: shown, font, level });
    index += char.length;
  }
  return runs;
}
