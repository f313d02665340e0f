/** The page for a customer link that leads nowhere (an unknown, malformed or revoked token or session). */
import { renderHtmlDocument, staticMarkup } from './html-document.tsx';

const HEAD = staticMarkup`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
`;

export function renderNotFoundPage(what: 'Invoice' | 'Checkout' | 'Estimate' = 'Invoice'): string {
  const title = `${what} not found`;
  const body = (
    <body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">
      <h1>{title}</h1>
      <p>This link is not valid. Please ask the business for a new one.</p>
    </body>
  );
  return renderHtmlDocument({ head: HEAD, title, body });
}
