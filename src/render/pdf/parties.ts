/** Who the invoice is from (with its dates and amount due beside it) and who it is for. */
import { addressLines, formatDate } from '../display.ts';
import { type Canvas, INK, MUTED } from './canvas.ts';
import { BOLD, FONT } from './fonts.ts';
import { money } from './format.ts';

/** The width of one of the two side-by-side blocks. */
function halfWidth({ width }: Canvas): number {
  return width / 2 - 10;
}

function presentLines(lines: Array<string | undefined>): string[] {
  return lines.filter((line): line is string => Boolean(line));
}

/** The business on the left, the issue date, due date and amount due on the right; returns the bottom. */
export function drawBusinessAndFacts(canvas: Canvas, top: number): number {
  const { pdf, doc, left, width, right, text } = canvas;
  const half = halfWidth(canvas);
  pdf.fillColor(INK).font(BOLD).fontSize(11);
  text(doc.business.name, left, top, { width: half });
  pdf.font(FONT).fontSize(9).fillColor(MUTED);
  const businessLines = presentLines([
    ...addressLines(doc.business.address),
    doc.business.phoneNo,
    doc.business.email,
    doc.business.website,
  ]);
  for (const line of businessLines) text(line, left, pdf.y + 1, { width: half });
  const businessBottom = pdf.y;

  const facts: Array<[string, string]> = [
    ['Issue date', formatDate(doc.issueDate)],
    ['Due date', formatDate(doc.dueDate)],
    ['Amount due', money(doc.amountDue, doc.currency)],
  ];
  let factY = top;
  const factX = left + width / 2 + 10;
  for (const [label, value] of facts) {
    pdf.font(FONT).fontSize(9).fillColor(MUTED);
    text(label, factX, factY, { width: 90 });
    pdf.font(BOLD).fillColor(INK);
    text(value, factX + 90, factY, { width: right - factX - 90, align: 'right' });
    factY = pdf.y + 4;
  }
  return Math.max(businessBottom, factY);
}

/** "BILL TO" and the contact; returns where the items table starts. */
export function drawBillTo(canvas: Canvas, top: number): number {
  const { pdf, doc, left, text } = canvas;
  const half = halfWidth(canvas);
  pdf.font(BOLD).fontSize(9).fillColor(MUTED);
  text('BILL TO', left, top, { width: half });
  pdf.font(BOLD).fontSize(11).fillColor(INK);
  text(doc.contact.name, left, pdf.y + 2, { width: half });
  pdf.font(FONT).fontSize(9).fillColor(MUTED);
  const contactLines = presentLines([
    doc.contact.companyName,
    ...addressLines(doc.contact.address),
    doc.contact.email,
    doc.contact.phoneNo,
  ]);
  for (const line of contactLines) text(line, left, pdf.y + 1, { width: half });
  return pdf.y + 22;
}
