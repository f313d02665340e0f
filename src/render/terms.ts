/**
 * An invoice's terms (user-supplied HTML) as plain text, for every renderer: block elements and list items
 * on lines of their own, entities decoded, scripts, styles and images dropped. The result is text, escaped
 * again wherever it lands in markup.
 */
import { compile, type SelectorDefinition } from 'html-to-text';

const OWN_LINE = { leadingLineBreaks: 1, trailingLineBreaks: 1 };

const SELECTORS: SelectorDefinition[] = [
  { selector: 'p', options: OWN_LINE },
  // Plain blocks: no upper-cased headings, no "> " quote prefix, no drawn rules or table layout.
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'hr', 'table', 'tr'].map((selector) => ({
    selector,
    format: 'block',
    options: OWN_LINE,
  })),
  { selector: 'ul', options: { itemPrefix: '- ', ...OWN_LINE } },
  { selector: 'ol', format: 'unorderedList', options: { itemPrefix: '- ', ...OWN_LINE } },
  { selector: 'a', options: { ignoreHref: true } },
  { selector: 'img', format: 'skip' },
  { selector: 'script', format: 'skip' },
  { selector: 'style', format: 'skip' },
];

// preserveNewlines: terms typed as plain text keep their line breaks (the page shows them with pre-line).
const convert = compile({ wordwrap: false, preserveNewlines: true, selectors: SELECTORS });

export function htmlToText(html: string): string {
  // The library keeps every line break it is given; at most one blank line in a row is shown.
  return convert(html)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
