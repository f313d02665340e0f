/**
 * The invoice as a PDF, drawn with pdfkit's built-in Helvetica (no embedded fonts: fast and small).
 *
 * Decisions:
 * - The business logo is not drawn: fetching a remote URL per email would make rendering slow, flaky and a
 *   server-side request forgery vector. The PDF shows the business name instead.
 * - Helvetica (a standard PDF font) only covers WinAnsi (Latin-1 plus a few typographic signs). Other
 *   characters are reduced to their base letter where Unicode allows ("ő" -> "o") and shown as "?" otherwise
 *   (CJK, emoji); money whose symbol is not in WinAnsi ("₹") is shown with the ISO code ("INR 1,234.00").
 * - Metadata is fixed from the invoice (CreationDate = issue date), so one document renders the same bytes.
 */
import PDFDocument from 'pdfkit';
import { formatMoney } from '../domain/money.ts';
import { addressLines, formatDate, shownNumber, statusLabel } from '../render/display.ts';
import type { InvoiceDocument } from '../render/document.ts';
import { htmlToText } from './html.ts';

/** Unicode code points outside Latin-1 that WinAnsiEncoding still has (pdfkit's WIN_ANSI_MAP). */
const WIN_ANSI_EXTRA = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019,
  0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);

function isWinAnsi(code: number): boolean {
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(code);
}

/** Text that Helvetica can draw: see the module comment. Keeps line breaks. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0)!;
    if (isWinAnsi(code) || char === '\n') {
      out += char;
    } else if (char === '\t') {
      out += ' ';
    } else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
      // other control characters: dropped
    } else {
      const base = char.normalize('NFKD').replace(/\p{M}/gu, '');
      if (base === '' && /\p{M}/u.test(char)) continue;
      out += base !== '' && [...base].every((c) => isWinAnsi(c.codePointAt(0)!)) ? base : '?';
    }
  }
  return out;
}

function money(minor: number, currency: string): string {
  const shown = formatMoney(minor, currency);
  if ([...shown].every((c) => isWinAnsi(c.codePointAt(0)!))) return shown;
  return `${currency} ${shown.replace(/[^\x20-\x7e]/g, '').trim()}`;
}

function percent(rate: number): string {
  return `${rate}%`;
}

/** Midnight UTC of the issue date, or the epoch: never "now", so renders repeat byte for byte. */
function creationDate(issueDate: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(issueDate);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  return date && !Number.isNaN(date.getTime()) ? date : new Date(0);
}

const MARGIN = 50;
const INK = '#1f2933';
const MUTED = '#616e7c';
const RULE = '#cbd2d9';
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';

interface Column {
  x: number;
  width: number;
  align: 'left' | 'right';
}

function badgeColor(status: InvoiceDocument['status']): string {
  if (status === 'void') return '#c81e1e';
  if (status === 'paid') return '#057a55';
  return '#3f51b5';
}

/** The pdfkit internals `openFonts` relies on (pdfkit 0.17: FontsMixin and StandardFont). */
interface FontInternals {
  _fontFamilies?: Record<string, object>;
  _fontCount?: number;
  _font?: { name?: string; font?: object };
}
interface StandardFontFields {
  name: string;
  font: object;
  ascender: number;
  descender: number;
  bbox: number[];
  lineGap: number;
  xHeight: number;
  capHeight: number;
}

/** The first document's fonts: their class and parsed metrics, which later documents share. */
const parsedFonts = new Map<string, { prototype: object; fields: StandardFontFields }>();

/**
 * Opens FONT and BOLD (as F1 and F2, in that order, so every document has the same bytes). pdfkit parses a
 * standard font's metrics file (AFM) again for every document, ~40% of a render in a profile; the parsed
 * metrics never change, so later documents get a font object of their own (its own id and PDF object)
 * that shares the first one's metrics. Without the expected internals pdfkit opens the fonts as usual.
 */
function openFonts(pdf: PDFKit.PDFDocument): void {
  const internals = pdf as unknown as FontInternals;
  for (const name of [FONT, BOLD]) {
    const known = parsedFonts.get(name);
    if (known && internals._fontFamilies && typeof internals._fontCount === 'number') {
      const font = Object.create(known.prototype) as object;
      Object.assign(font, known.fields, { document: pdf, id: `F${++internals._fontCount}` });
      internals._fontFamilies[name] = font;
      continue;
    }
    pdf.font(name);
    const opened = internals._font as StandardFontFields | undefined;
    if (opened?.name === name && opened.font && !parsedFonts.has(name)) {
      const { font, ascender, descender, bbox, lineGap, xHeight, capHeight } = opened;
      const fields = { name, font, ascender, descender, bbox, lineGap, xHeight, capHeight };
      parsedFonts.set(name, { prototype: Object.getPrototypeOf(opened) as object, fields });
    }
  }
}

export function renderInvoicePdf(doc: InvoiceDocument): Promise<Buffer> {
  const number = shownNumber(doc);
  const pdf = new PDFDocument({
    // No default font: openFonts opens the two this document uses.
    font: null as unknown as string,
    size: 'LETTER',
    margin: MARGIN,
    bufferPages: false,
    info: {
      Title: toWinAnsi(`${doc.title} ${number}`),
      Author: toWinAnsi(doc.business.name),
      Producer: 'hl-invoices',
      Creator: 'hl-invoices',
      CreationDate: creationDate(doc.issueDate),
    },
  });
  openFonts(pdf);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const left = MARGIN;
  const width = pdf.page.width - 2 * MARGIN;
  const right = left + width;
  const bottom = () => pdf.page.height - MARGIN;

  const text = (value: string, x: number, y: number, options: PDFKit.Mixins.TextOptions = {}) =>
    pdf.text(toWinAnsi(value), x, y, options);

  // Header: title and number on the left, status badges on the right.
  pdf.fillColor(INK).font(BOLD).fontSize(22);
  text(doc.title || 'INVOICE', left, MARGIN, { width: width * 0.6 });
  pdf.font(FONT).fontSize(11).fillColor(MUTED);
  text(`No. ${number}`, left, pdf.y + 2, { width: width * 0.6 });
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

  // From (business) and invoice facts side by side.
  let y = Math.max(headerBottom, badgeY) + 18;
  const half = width / 2 - 10;
  const blockTop = y;
  pdf.fillColor(INK).font(BOLD).fontSize(11);
  text(doc.business.name, left, y, { width: half });
  pdf.font(FONT).fontSize(9).fillColor(MUTED);
  const businessLines = [
    ...addressLines(doc.business.address),
    doc.business.phoneNo,
    doc.business.email,
    doc.business.website,
  ].filter((line): line is string => Boolean(line));
  for (const line of businessLines) text(line, left, pdf.y + 1, { width: half });
  const businessBottom = pdf.y;

  const facts: Array<[string, string]> = [
    ['Issue date', formatDate(doc.issueDate)],
    ['Due date', formatDate(doc.dueDate)],
    ['Amount due', money(doc.amountDue, doc.currency)],
  ];
  let factY = blockTop;
  const factX = left + width / 2 + 10;
  for (const [label, value] of facts) {
    pdf.font(FONT).fontSize(9).fillColor(MUTED);
    text(label, factX, factY, { width: 90 });
    pdf.font(BOLD).fillColor(INK);
    text(value, factX + 90, factY, { width: right - factX - 90, align: 'right' });
    factY = pdf.y + 4;
  }

  // Bill to.
  y = Math.max(businessBottom, factY) + 18;
  pdf.font(BOLD).fontSize(9).fillColor(MUTED);
  text('BILL TO', left, y, { width: half });
  pdf.font(BOLD).fontSize(11).fillColor(INK);
  text(doc.contact.name, left, pdf.y + 2, { width: half });
  pdf.font(FONT).fontSize(9).fillColor(MUTED);
  const contactLines = [
    doc.contact.companyName,
    ...addressLines(doc.contact.address),
    doc.contact.email,
    doc.contact.phoneNo,
  ].filter((line): line is string => Boolean(line));
  for (const line of contactLines) text(line, left, pdf.y + 1, { width: half });
  y = pdf.y + 22;

  // Items table.
  const columns: Record<'item' | 'qty' | 'unit' | 'amount', Column> = {
    item: { x: left, width: width - 250, align: 'left' },
    qty: { x: left + width - 250, width: 60, align: 'right' },
    unit: { x: left + width - 190, width: 95, align: 'right' },
    amount: { x: left + width - 95, width: 95, align: 'right' },
  };
  const cellPad = 6;
  const drawTableHeader = (top: number): number => {
    pdf.font(BOLD).fontSize(9).fillColor(MUTED);
    text('ITEM', columns.item.x, top, { width: columns.item.width, lineBreak: false });
    text('QTY', columns.qty.x, top, { width: columns.qty.width, align: 'right', lineBreak: false });
    text('UNIT PRICE', columns.unit.x, top, { width: columns.unit.width, align: 'right', lineBreak: false });
    text('AMOUNT', columns.amount.x, top, { width: columns.amount.width, align: 'right', lineBreak: false });
    const ruleY = top + 14;
    pdf.moveTo(left, ruleY).lineTo(right, ruleY).lineWidth(1).strokeColor(INK).stroke();
    return ruleY + cellPad;
  };
  const newPage = (): number => {
    pdf.addPage();
    pdf.font(FONT).fontSize(8).fillColor(MUTED);
    text(`${doc.title || 'Invoice'} ${number} (continued)`, left, MARGIN, { width, lineBreak: false });
    return MARGIN + 20;
  };

  y = drawTableHeader(y);
  const itemTextWidth = columns.item.width - 10;
  for (const item of doc.items) {
    const name = toWinAnsi(item.name);
    const description = item.description ? toWinAnsi(item.description) : '';
    pdf.font(BOLD).fontSize(10);
    const nameHeight = pdf.heightOfString(name, { width: itemTextWidth });
    pdf.font(FONT).fontSize(8.5);
    const descriptionHeight = description ? pdf.heightOfString(description, { width: itemTextWidth }) + 2 : 0;
    const rowHeight = nameHeight + descriptionHeight + 2 * cellPad;
    if (y + rowHeight > bottom()) y = drawTableHeader(newPage());

    pdf.font(BOLD).fontSize(10).fillColor(INK);
    pdf.text(name, columns.item.x, y, { width: itemTextWidth });
    if (description) {
      pdf.font(FONT).fontSize(8.5).fillColor(MUTED);
      pdf.text(description, columns.item.x, y + nameHeight + 2, { width: itemTextWidth });
    }
    pdf.font(FONT).fontSize(10).fillColor(INK);
    text(item.qty, columns.qty.x, y, { width: columns.qty.width, align: 'right', lineBreak: false });
    text(money(item.unitAmount, doc.currency), columns.unit.x, y, {
      width: columns.unit.width,
      align: 'right',
      lineBreak: false,
    });
    text(money(item.lineTotal, doc.currency), columns.amount.x, y, {
      width: columns.amount.width,
      align: 'right',
      lineBreak: false,
    });
    y += rowHeight;
    pdf
      .moveTo(left, y - cellPad / 2)
      .lineTo(right, y - cellPad / 2)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
  }

  // Totals, right-aligned under the amount columns.
  const totals: Array<{ label: string; value: string; strong?: boolean }> = [
    { label: 'Subtotal', value: money(doc.subTotal, doc.currency) },
  ];
  if (doc.discountTotal !== 0) {
    const discountLabel =
      doc.discount.type === 'percentage' ? `Discount (${percent(doc.discount.value)})` : 'Discount';
    totals.push({ label: discountLabel, value: `-${money(doc.discountTotal, doc.currency)}` });
  }
  for (const tax of doc.taxes) {
    totals.push({ label: `${tax.name} (${percent(tax.rate)})`, value: money(tax.amount, doc.currency) });
  }
  totals.push({ label: 'Total', value: money(doc.total, doc.currency), strong: true });
  totals.push({ label: 'Amount paid', value: money(doc.amountPaid, doc.currency) });
  totals.push({ label: 'Amount due', value: money(doc.amountDue, doc.currency), strong: true });

  const labelX = columns.qty.x - 40;
  const labelWidth = columns.amount.x - labelX - 10;
  const lineHeight = 16;
  y += 8;
  if (y + totals.length * lineHeight > bottom()) y = newPage();
  for (const row of totals) {
    pdf
      .font(row.strong ? BOLD : FONT)
      .fontSize(row.strong ? 11 : 10)
      .fillColor(row.strong ? INK : MUTED);
    text(row.label, labelX, y, { width: labelWidth, align: 'right', lineBreak: false });
    pdf.fillColor(INK);
    text(row.value, columns.amount.x, y, { width: columns.amount.width, align: 'right', lineBreak: false });
    y += lineHeight;
  }

  // Terms and notes, as plain text (the stored value is user-supplied HTML).
  const terms = doc.termsNotes ? toWinAnsi(htmlToText(doc.termsNotes)) : '';
  if (terms) {
    y += 16;
    pdf.font(FONT).fontSize(9);
    if (y + 14 + Math.min(pdf.heightOfString(terms, { width }), 60) > bottom()) y = newPage();
    pdf.font(BOLD).fontSize(9).fillColor(MUTED);
    pdf.text('TERMS & NOTES', left, y, { width });
    pdf.font(FONT).fontSize(9).fillColor(INK);
    // Long terms flow onto further pages through pdfkit's own line wrapping.
    pdf.text(terms, left, pdf.y + 4, { width });
  }

  pdf.end();
  return done;
}
