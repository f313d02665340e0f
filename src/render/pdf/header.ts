import { shownNumber, statusLabel } from '../display.ts';
import type { InvoiceDocument } from '../document.ts';
import { type Canvas, INK, MARGIN, MUTED } from './canvas.ts';
import { BOLD, FONT } from './fonts.ts';

function badgeColor(status: InvoiceDocument['status']): string {
  if (status === 'void') return '#c81e1e';
  if (status === 'paid') return '#057a55';
  return '#3f51b5';
}

/** Title and number on the left, status badges on the right; returns the lower of the two bottoms. */
export function drawHeader({ pdf, doc, left, width, right, text }: Canvas): number {
  pdf.fillColor(INK).font(BOLD).fontSize(22);
  text(doc.title || 'INVOICE', left, MARGIN, { width: width * 0.6 });
  pdf.font(FONT).fontSize(11).fillColor(MUTED);
  text(`No. ${shownNumber(doc)}`, left, pdf.y + 2, { width: width * 0.6 });
  const headerBottom = pdf.y;

  const badges = [statusLabel(doc.status), ...(doc.liveMode ? [] : ['TEST MODE'])];
  let badgeY = MARGIN;
  pdf.font(BOLD).fontSize(10);
  for (const label of badges) {
    const labelWidth = pdf.widthOfString(label) + 16;
    const color = label === 'TEST MODE' ? '#b45309' : badgeColor(doc.status);
    pdf.roundedRect(right - labelWidth, badgeY, labelWidth, 20, 4).fill(color);
    pdf.fillColor('#ffffff');
    text(label, right - labelWidth, badgeY + 6, { width: labelWidth, align: 'center', lineBreak: false });
    badgeY += 26;
  }
  return Math.max(headerBottom, badgeY);
}
