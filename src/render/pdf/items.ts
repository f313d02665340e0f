import type { InvoiceDocument } from '../document.ts';
import { type Canvas, CONTINUED_TOP, INK, MUTED, RULE } from './canvas.ts';
import { BOLD, FONT } from './fonts.ts';
import { money } from './format.ts';
import { drawLine, type Line, layoutLines } from './text-layout.ts';

const CELL_PAD = 6;

type Item = InvoiceDocument['items'][number];

/** The column headings and their rule; returns where the first row starts. */
function drawTableHeader({ pdf, left, right, columns, text }: Canvas, top: number): number {
  pdf.font(BOLD).fontSize(9).fillColor(MUTED);
  text('ITEM', columns.item.x, top, { width: columns.item.width, lineBreak: false });
  text('QTY', columns.qty.x, top, { width: columns.qty.width, align: 'right', lineBreak: false });
  text('UNIT PRICE', columns.unit.x, top, { width: columns.unit.width, align: 'right', lineBreak: false });
  text('AMOUNT', columns.amount.x, top, { width: columns.amount.width, align: 'right', lineBreak: false });
  const ruleY = top + 14;
  pdf.moveTo(left, ruleY).lineTo(right, ruleY).lineWidth(1).strokeColor(INK).stroke();
  return ruleY + CELL_PAD;
}

function itemTextWidth({ columns }: Canvas): number {
  return columns.item.width - 10;
}

/** An item's name and description laid out in lines, and the heights they take. */
interface MeasuredItem {
  name: Line[];
  description: Line[];
  nameLineHeight: number;
  descriptionLineHeight: number;
  nameHeight: number;
  rowHeight: number;
}

/** A row never needs more than a page: longer names and descriptions are cut, ending with "…". */
function measureItem(canvas: Canvas, item: Item): MeasuredItem {
  const { pdf, fonts } = canvas;
  const width = itemTextWidth(canvas);
  const room = canvas.bottom() - CONTINUED_TOP - 14 - 2 * CELL_PAD;
  pdf.font(BOLD).fontSize(10);
  const nameLineHeight = pdf.currentLineHeight(true);
  const name = layoutLines(pdf, fonts, item.name, { width, maxLines: Math.floor(room / 2 / nameLineHeight) });
  const nameHeight = name.length * nameLineHeight;
  pdf.font(FONT).fontSize(8.5);
  const descriptionLineHeight = pdf.currentLineHeight(true);
  const maxLines = Math.floor((room - nameHeight - 2) / descriptionLineHeight);
  const description = item.description ? layoutLines(pdf, fonts, item.description, { width, maxLines }) : [];
  const descriptionHeight = description.length > 0 ? description.length * descriptionLineHeight + 2 : 0;
  return {
    name,
    description,
    nameLineHeight,
    descriptionLineHeight,
    nameHeight,
    rowHeight: nameHeight + descriptionHeight + 2 * CELL_PAD,
  };
}

/** One item row at `top`; returns the row's bottom. */
function drawItemRow(canvas: Canvas, item: Item, measured: MeasuredItem, top: number): number {
  const { pdf, doc, left, right, columns, text } = canvas;
  const width = itemTextWidth(canvas);
  pdf.font(BOLD).fontSize(10).fillColor(INK);
  measured.name.forEach((line, i) => {
    drawLine(pdf, canvas.fonts, line, columns.item.x, top + i * measured.nameLineHeight, { width });
  });
  pdf.font(FONT).fontSize(8.5).fillColor(MUTED);
  const descriptionTop = top + measured.nameHeight + 2;
  measured.description.forEach((line, i) => {
    drawLine(pdf, canvas.fonts, line, columns.item.x, descriptionTop + i * measured.descriptionLineHeight, {
      width,
    });
  });
  pdf.font(FONT).fontSize(10).fillColor(INK);
  text(item.qty, columns.qty.x, top, { width: columns.qty.width, align: 'right', lineBreak: false });
  text(money(item.unitAmount, doc.currency), columns.unit.x, top, {
    width: columns.unit.width,
    align: 'right',
    lineBreak: false,
  });
  text(money(item.lineTotal, doc.currency), columns.amount.x, top, {
    width: columns.amount.width,
    align: 'right',
    lineBreak: false,
  });
  const bottom = top + measured.rowHeight;
  pdf
    .moveTo(left, bottom - CELL_PAD / 2)
    .lineTo(right, bottom - CELL_PAD / 2)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
  return bottom;
}

/** The items table; a row that does not fit starts a continued page with the headings again. */
export function drawItems(canvas: Canvas, top: number): number {
  let y = drawTableHeader(canvas, top);
  for (const item of canvas.doc.items) {
    const measured = measureItem(canvas, item);
    if (y + measured.rowHeight > canvas.bottom()) y = drawTableHeader(canvas, canvas.newPage());
    y = drawItemRow(canvas, item, measured, y);
  }
  return y;
}
