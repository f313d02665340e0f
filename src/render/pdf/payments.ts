import { formatDate } from '../display.ts';
import type { InvoiceDocument } from '../document.ts';
import { type Canvas, INK, MUTED, RULE } from './canvas.ts';
import { BOLD, FONT } from './fonts.ts';
import { money } from './format.ts';

const LINE_HEIGHT = 15;

interface Line {
  label: string;
  value: string;
}

function paymentLines(doc: InvoiceDocument): Line[] {
  return doc.payments.map((p) => {
    const extras = [
      ...(p.tip > 0 ? [`tip ${money(p.tip, doc.currency)}`] : []),
      ...(p.refunded > 0 ? [`refunded ${money(p.refunded, doc.currency)}`] : []),
    ];
    const label = `${formatDate(p.paidOn)}   ${p.method}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
    return { label, value: money(p.amount, doc.currency) };
  });
}

function scheduleLines(doc: InvoiceDocument): Line[] {
  return doc.schedule.map((e) => ({
    label: `${e.name}, due ${formatDate(e.dueDate)}: ${e.paid ? 'Paid' : 'Due'}`,
    value: money(e.amount, doc.currency),
  }));
}

function drawBlock(canvas: Canvas, top: number, heading: string, lines: Line[]): number {
  if (lines.length === 0) return top;
  const { pdf, left, columns, text } = canvas;
  let y = top + 16;
  if (y + (lines.length + 1) * LINE_HEIGHT > canvas.bottom()) y = canvas.newPage();
  pdf.font(BOLD).fontSize(9).fillColor(MUTED);
  text(heading, left, y, { width: canvas.width, lineBreak: false });
  y += LINE_HEIGHT;
  pdf
    .moveTo(left, y - 3)
    .lineTo(canvas.right, y - 3)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
  pdf.font(FONT).fontSize(9).fillColor(INK);
  for (const line of lines) {
    text(line.label, left, y, { width: columns.amount.x - left - 10, lineBreak: false, ellipsis: true });
    text(line.value, columns.amount.x, y, { width: columns.amount.width, align: 'right', lineBreak: false });
    y += LINE_HEIGHT;
  }
  return y;
}

/** The payments received (the receipt) and the payment schedule, when there are any; returns their bottom. */
export function drawPayments(canvas: Canvas, top: number): number {
  const afterPayments = drawBlock(canvas, top, 'PAYMENTS RECEIVED', paymentLines(canvas.doc));
  return drawBlock(canvas, afterPayments, 'PAYMENT SCHEDULE', scheduleLines(canvas.doc));
}
