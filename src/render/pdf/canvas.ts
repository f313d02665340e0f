/** The page geometry, colours and drawing helpers every section of the invoice PDF shares. */
import { shownNumber } from '../display.ts';
import type { InvoiceDocument } from '../document.ts';
import { FONT } from './fonts.ts';
import { toWinAnsi } from './win-ansi.ts';

export const MARGIN = 50;
export const INK = '#1f2933';
export const MUTED = '#616e7c';
export const RULE = '#cbd2d9';

export interface Column {
  x: number;
  width: number;
  align: 'left' | 'right';
}

export type ItemColumns = Record<'item' | 'qty' | 'unit' | 'amount', Column>;

/** One invoice being drawn: the document, its pdfkit document and the printable area. */
export interface Canvas {
  pdf: PDFKit.PDFDocument;
  doc: InvoiceDocument;
  left: number;
  width: number;
  right: number;
  /** The items table's columns; the totals line up under them. */
  columns: ItemColumns;
  bottom(): number;
  /** Draws text after reducing it to what Helvetica can show (toWinAnsi). */
  text(value: string, x: number, y: number, options?: PDFKit.Mixins.TextOptions): PDFKit.PDFDocument;
  /** Starts a page headed "... (continued)" and returns where its content starts. */
  newPage(): number;
}

export function createCanvas(pdf: PDFKit.PDFDocument, doc: InvoiceDocument): Canvas {
  const left = MARGIN;
  const width = pdf.page.width - 2 * MARGIN;
  const text = (value: string, x: number, y: number, options: PDFKit.Mixins.TextOptions = {}) =>
    pdf.text(toWinAnsi(value), x, y, options);
  return {
    pdf,
    doc,
    left,
    width,
    right: left + width,
    columns: {
      item: { x: left, width: width - 250, align: 'left' },
      qty: { x: left + width - 250, width: 60, align: 'right' },
      unit: { x: left + width - 190, width: 95, align: 'right' },
      amount: { x: left + width - 95, width: 95, align: 'right' },
    },
    bottom: () => pdf.page.height - MARGIN,
    text,
    newPage: () => {
      pdf.addPage();
      pdf.font(FONT).fontSize(8).fillColor(MUTED);
      text(`${doc.title || 'Invoice'} ${shownNumber(doc)} (continued)`, left, MARGIN, {
        width,
        lineBreak: false,
      });
      return MARGIN + 20;
    },
  };
}
