export const FONT = 'Helvetica';
export const BOLD = 'Helvetica-Bold';

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
export function openFonts(pdf: PDFKit.PDFDocument): void {
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
