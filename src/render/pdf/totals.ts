import type { InvoiceDocument } from '../document.ts';
import { type Canvas, INK, MUTED } from './canvas.ts';
import { BOLD, FONT } from './fonts.ts';
import { money, percent } from './format.ts';

const LINE_HEIGHT = 16;

interface TotalLine {
  label: string;
  value: string;
  strong?: boolean;
}

function totalLines(doc: InvoiceDocument): TotalLine[] {
  const lines: TotalLine[] = [{ label: 'Subtotal', value: money(doc.subTotal, doc.currency) }];
  if (doc.discountTotal !== 0) {
    const discountLabel =
      doc.discount.type === 'percentage' ? `Discount (${percent(doc.discount.value)})` : 'Discount';
    lines.push({ label: discountLabel, value: `-${money(doc.discountTotal, doc.currency)}` });
  }
  for (const tax of doc.taxes) {
    lines.push({ label: `${tax.name} (${percent(tax.rate)})`, value: money(tax.amount, doc.currency) });
  }
  if (doc.lateFees > 0) lines.push({ label: 'Late fees', value: money(doc.lateFees, doc.currency) });
  lines.push({ label: 'Total', value: money(doc.total, doc.currency), strong: true });
  lines.push({ label: 'Amount paid', value: money(doc.amountPaid, doc.currency) });
  lines.push({ label: 'Amount due', value: money(doc.amountDue, doc.currency), strong: true });
  return lines;
}

/** Totals, right-aligned under the amount columns, all on one page; returns their bottom. */
export function drawTotals(canvas: Canvas, top: number): number {
  const { pdf, doc, columns, text } = canvas;
  const lines = totalLines(doc);
  const labelX = columns.qty.x - 40;
  const labelWidth = columns.amount.x - labelX - 10;
  let y = top + 8;
  if (y + lines.length * LINE_HEIGHT > canvas.bottom()) y = canvas.newPage();
  for (const line of lines) {
    pdf
      .font(line.strong ? BOLD : FONT)
      .fontSize(line.strong ? 11 : 10)
      .fillColor(line.strong ? INK : MUTED);
    text(line.label, labelX, y, { width: labelWidth, align: 'right', lineBreak: false });
    pdf.fillColor(INK);
    text(line.value, columns.amount.x, y, { width: columns.amount.width, align: 'right', lineBreak: false });
    y += LINE_HEIGHT;
  }
  return y;
}
