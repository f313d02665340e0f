import { htmlToText } from '../terms.ts';
import { type Canvas, INK, MUTED } from './canvas.ts';
import { BOLD, FONT } from './fonts.ts';
import { drawLine, layoutLines } from './text-layout.ts';

/** Longer terms are cut here (with a pointer to the hosted page, which shows them whole). */
export const TERMS_MAX_CHARS = 10_000;

function shownTerms(html: string): string {
  const text = htmlToText(html);
  if (text.length <= TERMS_MAX_CHARS) return text;
  const kept = [...text.slice(0, TERMS_MAX_CHARS + 1)].slice(0, -1).join('');
  return `${kept.trimEnd()}… (shortened: the full terms are on the invoice's page)`;
}

/** Terms and notes as plain text (the stored value is user-supplied HTML), when the invoice has any. */
export function drawTerms(canvas: Canvas, top: number): void {
  const { pdf, doc, left, width, fonts } = canvas;
  const terms = doc.termsNotes ? shownTerms(doc.termsNotes) : '';
  if (!terms.trim()) return;
  let y = top + 16;
  pdf.font(FONT).fontSize(9);
  const lineHeight = pdf.currentLineHeight(true);
  const lines = layoutLines(pdf, fonts, terms, { width });
  if (y + 14 + Math.min(lines.length * lineHeight, 60) > canvas.bottom()) y = canvas.newPage();
  pdf.font(BOLD).fontSize(9).fillColor(MUTED);
  canvas.text('TERMS & NOTES', left, y, { width });
  y = pdf.y + 4;
  for (const line of lines) {
    if (y + lineHeight > canvas.bottom()) y = canvas.newPage();
    pdf.font(FONT).fontSize(9).fillColor(INK);
    drawLine(pdf, fonts, line, left, y, { width });
    y += lineHeight;
  }
}
