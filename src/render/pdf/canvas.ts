/** The page geometry, colours and drawing helpers every section of the invoice PDF shares. */
import { shownNumber } from '../display.ts';
import type { InvoiceDocument } from '../document.ts';
import { eastAsianOrder } from './font-faces.ts';
import { FONT } from './fonts.ts';
import { drawText, type TextOptions } from './text-layout.ts';
import { type DocumentFonts, documentFonts } from './text-runs.ts';

export const MARGIN = 50;
/** Where a continued page's content starts. */
export const CONTINUED_TOP = MARGIN + 20;
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
  fonts: DocumentFonts;
  left: number;
  width: number;
  right: number;
  /** The items table's columns; the totals line up under them. */
  columns: ItemColumns;
  bottom(): number;
  /** Draws text in the current font and size, with fallback fonts and bidi (text-layout.ts). */
  text(value: string, x: number, y: number, options?: TextOptions): PDFKit.PDFDocument;
  /** Starts a page headed "... (continued)" and returns where its content starts. */
  newPage(): number;
}

export function createCanvas(pdf: PDFKit.PDFDocument, doc: InvoiceDocument): Canvas {
  const left = MARGIN;
  const width = pdf.page.width - 2 * MARGIN;
  const fonts = documentFonts(pdf, eastAsianOrder(JSON.stringify(doc)));
  const text = (value: string, x: number, y: number, options: TextOptions = {}) =>
    drawText(pdf, fonts, value, x, y, options);
  return {
    pdf,
    doc,
    fonts,
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
      return CONTINUED_TOP;
    },
  };
}
