import type { Face } from './font-faces.ts';

export const FONT = 'Helvetica';
export const BOLD = 'Helvetica-Bold';

/** The pdfkit internals `openFonts` relies on (pdfkit 0.17: FontsMixin and StandardFont). */
interface FontInternals {
  _fontFamilies?: Record<string, object>;
  _registeredFonts?: Record<string, object>;
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

/**
 * pdfkit caches each word's shaping (fontkit layout: glyphs and positions) per document; with the parsed
 * font shared, the cache can be too, within a bound: an Arabic or CJK word is shaped once per thread.
 */
const layoutCaches = new Map<string, Record<string, unknown>>();
const LAYOUT_CACHE_WORDS = 5000;

function sharedLayoutCache(name: string): Record<string, unknown> {
  let cache = layoutCaches.get(name);
  if (!cache || Object.keys(cache).length > LAYOUT_CACHE_WORDS) {
    cache = Object.create(null) as Record<string, unknown>;
    layoutCaches.set(name, cache);
  }
  return cache;
}

/** pdfkit's EmbeddedFont class (not exported), taken from the first embedded font a thread opens. */
let embeddedFontClass: (new (pdf: PDFKit.PDFDocument, font: object, id: string) => object) | undefined;

/**
 * Makes `face` usable as `pdf.font(face.name)`. The first document of a thread opens it the usual way; later
 * ones wrap the thread's parsed font (its tables, glyphs and layout caches) in a font object of their own,
 * with its own subset, so a CJK font is parsed once per thread, not once per document.
 */
export function openEmbeddedFont(pdf: PDFKit.PDFDocument, face: Face): void {
  const internals = pdf as unknown as FontInternals;
  if (internals._fontFamilies?.[face.name]) return;
  if (embeddedFontClass && internals._registeredFonts && typeof internals._fontCount === 'number') {
    internals._registeredFonts[face.name] = { src: face.bytes };
    const font = new embeddedFontClass(pdf, face.font, `F${++internals._fontCount}`);
    Object.assign(font, { layoutCache: sharedLayoutCache(face.name) });
    internals._fontFamilies![face.name] = font;
    return;
  }
  const current = internals._font;
  pdf.registerFont(face.name, face.bytes);
  pdf.font(face.name);
  const opened = internals._font as { font?: object; constructor: typeof embeddedFontClass } | undefined;
  if (opened?.font && !embeddedFontClass) embeddedFontClass = opened.constructor;
  if (current) internals._font = current;
}
