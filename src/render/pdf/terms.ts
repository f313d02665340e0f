import { htmlToText } from '../terms.ts';
import { type Canvas, INK, MUTED } from './canvas.ts';
import { BOLD, FONT } from './fonts.ts';
import { toWinAnsi } from './win-ansi.ts';

/** Terms and notes as plain text (the stored value is user-supplied HTML), when the invoice has any. */
export function drawTerms(canvas: Canvas, top: number): void {
  const { pdf, doc, left, width } = canvas;
  const terms = doc.termsNotes ? toWinAnsi(htmlToText(doc.termsNotes)) : '';
  if (!terms) return;
  let y = top + 16;
  pdf.font(FONT).fontSize(9);
  if (y + 14 + Math.min(pdf.heightOfString(terms, { width }), 60) > canvas.bottom()) y = canvas.newPage();
  pdf.font(BOLD).fontSize(9).fillColor(MUTED);
  pdf.text('TERMS & NOTES', left, y, { width });
  pdf.font(FONT).fontSize(9).fillColor(INK);
  // Long terms flow onto further pages through pdfkit's own line wrapping.
  pdf.text(terms, left, pdf.y + 4, { width });
}
