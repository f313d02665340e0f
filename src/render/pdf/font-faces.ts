/**
 * The embedded fonts for text Helvetica cannot show: Noto families shipped as npm packages (TTF, and the
 * Hebrew one as WOFF). Each is read and parsed once per thread, the first time a document needs it, so a
 * Latin invoice never loads one and a Japanese one loads Noto Sans JP once per render worker.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { woffToSfnt } from './woff.ts';

export type Family = 'sans' | 'hebrew' | 'arabic' | 'jp' | 'sc' | 'kr' | 'emoji';
export type Weight = 'regular' | 'bold';

const expo = (pkg: string, name: string) => ({
  regular: `@expo-google-fonts/${pkg}/400Regular/${name}_400Regular.ttf`,
  bold: `@expo-google-fonts/${pkg}/700Bold/${name}_700Bold.ttf`,
});

const FILES: Record<Family, Record<Weight, string>> = {
  // Latin beyond WinAnsi, Greek, Cyrillic, Vietnamese
  sans: expo('noto-sans', 'NotoSans'),
  hebrew: {
    regular: '@fontsource/noto-sans-hebrew/files/noto-sans-hebrew-hebrew-400-normal.woff',
    bold: '@fontsource/noto-sans-hebrew/files/noto-sans-hebrew-hebrew-700-normal.woff',
  },
  arabic: expo('noto-sans-arabic', 'NotoSansArabic'),
  jp: expo('noto-sans-jp', 'NotoSansJP'),
  sc: expo('noto-sans-sc', 'NotoSansSC'),
  kr: expo('noto-sans-kr', 'NotoSansKR'),
  // Monochrome: PDF text cannot carry the colour emoji formats.
  emoji: expo('noto-emoji', 'NotoEmoji'),
};

export interface Face {
  /** The name the face is registered under in a pdfkit document. */
  name: string;
  bytes: Buffer;
  font: fontkit.Font;
}

const require = createRequire(import.meta.url);
const loaded = new Map<string, Face>();

export function fontFace(family: Family, weight: Weight): Face {
  const name = `noto-${family}-${weight}`;
  let face = loaded.get(name);
  if (!face) {
    const bytes = woffToSfnt(readFileSync(require.resolve(FILES[family][weight])));
    face = { name, bytes, font: fontkit.create(bytes) };
    loaded.set(name, face);
  }
  return face;
}

/** Han characters are drawn in the document's own East Asian font: Japanese when it has kana, Korean with Hangul. */
export function eastAsianOrder(allText: string): Family[] {
  if (/[\p{sc=Hiragana}\p{sc=Katakana}]/u.test(allText)) return ['jp', 'sc', 'kr'];
  if (/\p{sc=Hangul}/u.test(allText)) return ['kr', 'jp', 'sc'];
  return ['sc', 'jp', 'kr'];
}
