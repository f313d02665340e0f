/**
 * The shell of every HTML document the service writes. Values only ever reach markup as JSX expressions,
 * which preact escapes; the only markup written as text is source code without values (StaticMarkup).
 */
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

declare const staticMarkupBrand: unique symbol;

/** Markup written out in the source, with no values in it: made only by `staticMarkup`. */
export type StaticMarkup = string & { readonly [staticMarkupBrand]: true };

/**
 * For what JSX cannot write as the pages need it: <meta> tags without "/>", and CSS, whose quotes preact
 * would escape inside <style>. A tagged template that takes no values: `${...}` in one is a type error.
 */
export function staticMarkup(strings: TemplateStringsArray, ...values: never[]): StaticMarkup {
  if (values.length > 0 || strings.length !== 1) throw new TypeError('static markup takes no values');
  return strings[0] as StaticMarkup;
}

const DOCTYPE = '<!DOCTYPE html>';

export interface HtmlDocumentParts {
  /** What goes in <head> before the title: <meta> tags. */
  head: StaticMarkup;
  title: string;
  /** The document's CSS, if it has a style sheet. */
  style?: StaticMarkup;
  /** The <body> element. */
  body: VNode;
}

export function renderHtmlDocument({ head, title, style, body }: HtmlDocumentParts): string {
  return [
    DOCTYPE,
    '<html lang="en">',
    '<head>',
    `${head}${renderToString(<title>{title}</title>)}`,
    ...(style ? [`<style>${style}</style>`] : []),
    '</head>',
    renderToString(body),
    '</html>',
    '',
  ].join('\n');
}
