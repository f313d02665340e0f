/**
 * Our own line layout instead of pdfkit's: words are measured once in the fonts that draw them, lines are
 * filled greedily, and each line is drawn run by run (text-runs.ts, bidi-line.ts) on one baseline. The cost
 * is linear in the text: an unbroken run of characters gets a break opportunity every MAX_WORD characters
 * (pdfkit's own wrapping is quadratic in a word's length), and every CJK character is one.
 */
import { paragraphDirection, visualRuns } from './bidi-line.ts';
import { BOLD } from './fonts.ts';
import type { DocumentFonts } from './text-runs.ts';

export const MAX_WORD = 30;

export interface TextOptions {
  width?: number;
  align?: 'left' | 'right' | 'center';
  /** false: one line, however long. */
  lineBreak?: boolean;
  /** With lineBreak false or maxLines: cut what does not fit and end with "…". */
  ellipsis?: boolean;
  maxLines?: number;
}

/** A line of a laid-out text, in logical order. */
export interface Line {
  text: string;
  direction: 'ltr' | 'rtl';
}

interface Style {
  pdf: PDFKit.PDFDocument;
  fonts: DocumentFonts;
  bold: boolean;
  standard: string;
}

const TOKEN = new RegExp(
  `\\s+|[\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u3000-\\u303f\\uff00-\\uffef][\\p{M}\\u200d\\ufe0f]*|[^\\s\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u3000-\\u303f\\uff00-\\uffef]{1,${MAX_WORD}}`,
  'gu',
);

/** Printable text: tabs become spaces, other control characters go (line breaks are kept). */
export function printable(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\t/g, ' ')
    .replace(/\r\n?/g, '\n')
    .replace(/(?!\n)\p{Cc}/gu, '');
}

function fontSize(pdf: PDFKit.PDFDocument): number {
  return (pdf as unknown as { _fontSize: number })._fontSize;
}

function style(pdf: PDFKit.PDFDocument, fonts: DocumentFonts): Style {
  const standard = (pdf as unknown as { _fontSource?: string })._fontSource ?? '';
  return { pdf, fonts, bold: standard === BOLD, standard };
}

function widthOf(s: Style, text: string, direction: 'ltr' | 'rtl' = 'ltr'): number {
  // Plain ASCII is one Helvetica run in any direction.
  if (/^[\x20-\x7e]*$/.test(text)) return s.pdf.widthOfString(text);
  let width = 0;
  for (const run of visualRuns(s.fonts, text, s.bold, direction)) {
    width +=
      run.font === s.standard ? s.pdf.widthOfString(run.text) : s.pdf.font(run.font).widthOfString(run.text);
  }
  s.pdf.font(s.standard);
  return width;
}

/** Cuts a word into pieces that fit the line (the first into `first`; at least one character each). */
function splitWide(s: Style, word: string, width: number, first = width): string[] {
  const pieces: string[] = [];
  let piece = '';
  let pieceWidth = 0;
  for (const char of word) {
    // Summed per character (kerning aside): measuring each longer prefix again would be quadratic.
    const charWidth = widthOf(s, char);
    if (piece !== '' && pieceWidth + charWidth > (pieces.length === 0 ? first : width)) {
      pieces.push(piece);
      piece = '';
      pieceWidth = 0;
    }
    piece += char;
    pieceWidth += charWidth;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

function wrapParagraph(s: Style, paragraph: string, width: number, lines: Line[]): void {
  const direction = paragraphDirection(paragraph);
  let line = '';
  let lineWidth = 0;
  let spaced = false;
  let continuesWord = false;
  const startLine = (token: string, tokenWidth: number) => {
    if (line !== '') lines.push({ text: line, direction });
    const pieces = tokenWidth > width ? splitWide(s, token, width) : [token];
    for (const piece of pieces.slice(0, -1)) lines.push({ text: piece, direction });
    line = pieces[pieces.length - 1] ?? '';
    lineWidth = pieces.length > 1 ? widthOf(s, line) : tokenWidth;
  };
  for (const token of paragraph.match(TOKEN) ?? []) {
    if (/^\s/.test(token)) {
      spaced = line !== '';
      continuesWord = false;
      continue;
    }
    const tokenWidth = widthOf(s, token);
    const spaceWidth = spaced ? widthOf(s, ' ') : 0;
    if (line !== '' && lineWidth + spaceWidth + tokenWidth <= width) {
      line += (spaced ? ' ' : '') + token;
      lineWidth += spaceWidth + tokenWidth;
    } else if (line !== '' && !spaced && continuesWord) {
      // The rest of a long unbroken word (cut at MAX_WORD): fill this line with as much of it as fits.
      const [head, ...rest] = splitWide(s, token, width, width - lineWidth);
      if (head && widthOf(s, head) <= width - lineWidth) {
        line += head;
        lineWidth += widthOf(s, head);
        const tail = rest.join('');
        if (tail !== '') startLine(tail, widthOf(s, tail));
      } else startLine(token, tokenWidth);
    } else {
      startLine(token, tokenWidth);
    }
    spaced = false;
    continuesWord = [...token].length >= MAX_WORD;
  }
  lines.push({ text: line, direction });
}

function withEllipsis(s: Style, line: Line, width: number | undefined): Line {
  if (width === undefined || widthOf(s, line.text, line.direction) <= width) return line;
  const chars = [...line.text];
  // The longest start that fits with "…" after it (binary search: the line may be long).
  let fits = 0;
  let over = chars.length;
  while (over - fits > 1) {
    const middle = Math.floor((fits + over) / 2);
    if (widthOf(s, `${chars.slice(0, middle).join('')}…`, line.direction) <= width) fits = middle;
    else over = middle;
  }
  return { ...line, text: `${chars.slice(0, fits).join('').trimEnd()}…` };
}

/** The lines `value` takes in the current font and size (see TextOptions). */
export function layoutLines(
  pdf: PDFKit.PDFDocument,
  fonts: DocumentFonts,
  value: string,
  options: TextOptions,
): Line[] {
  const s = style(pdf, fonts);
  const paragraphs = printable(value).split('\n');
  let lines: Line[] = [];
  if (options.lineBreak === false || options.width === undefined) {
    lines = paragraphs.map((p) => ({ text: p.replace(/\s+/g, ' '), direction: paragraphDirection(p) }));
    if (options.lineBreak === false)
      lines = [{ text: lines.map((l) => l.text).join(' '), direction: lines[0]!.direction }];
  } else {
    for (const paragraph of paragraphs) wrapParagraph(s, paragraph, options.width, lines);
  }
  if (options.maxLines !== undefined && lines.length > options.maxLines) {
    lines = lines.slice(0, Math.max(1, options.maxLines));
    const last = lines.length - 1;
    lines[last] = withEllipsis(s, { ...lines[last]!, text: `${lines[last]!.text}…` }, options.width);
  } else if (options.ellipsis && lines.length === 1) {
    lines[0] = withEllipsis(s, lines[0]!, options.width);
  }
  return lines;
}

/** Draws one line with its top at `y`; every run sits on the standard font's baseline. */
export function drawLine(
  pdf: PDFKit.PDFDocument,
  fonts: DocumentFonts,
  line: Line,
  x: number,
  y: number,
  options: TextOptions,
): void {
  const s = style(pdf, fonts);
  const runs = visualRuns(fonts, line.text, s.bold, line.direction);
  const widths = runs.map((run) => pdf.font(run.font).widthOfString(run.text));
  pdf.font(s.standard);
  const baseline =
    y + ((pdf as unknown as { _font: { ascender: number } })._font.ascender / 1000) * fontSize(pdf);
  const total = widths.reduce((a, b) => a + b, 0);
  const free = options.width === undefined ? 0 : options.width - total;
  let cx = x + (options.align === 'right' ? free : options.align === 'center' ? free / 2 : 0);
  runs.forEach((run, i) => {
    pdf.font(run.font).text(run.text, cx, baseline, { lineBreak: false, baseline: 'alphabetic' });
    cx += widths[i]!;
  });
  pdf.font(s.standard);
}

/** Draws `value` from `y` down and leaves pdf.y under its last line. */
export function drawText(
  pdf: PDFKit.PDFDocument,
  fonts: DocumentFonts,
  value: string,
  x: number,
  y: number,
  options: TextOptions,
): PDFKit.PDFDocument {
  const lineHeight = pdf.currentLineHeight(true);
  const lines = layoutLines(pdf, fonts, value, options);
  for (const [i, line] of lines.entries()) drawLine(pdf, fonts, line, x, y + i * lineHeight, options);
  pdf.x = x;
  pdf.y = y + lines.length * lineHeight;
  return pdf;
}
