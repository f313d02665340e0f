/**
 * One email in the dev outbox (GET /dev/outbox/:id): its envelope (From, Reply-To, To, Cc, Subject,
 * attachments) above the body as it was sent, which is shown in a sandboxed frame (no scripts, no
 * access to this page) so that its own styles cannot change the envelope's.
 */
import { renderHtmlDocument, staticMarkup } from './html-document.tsx';

/** The email as delivered (store DeliveredContent), with its id and the size of its PDF. */
export interface OutboxEmail {
  id: string;
  content: {
    [field in 'subject' | 'replyTo' | 'html']?: string;
  } & { [field in 'to' | 'cc' | 'bcc']?: string[] } & { from?: { name: string; address: string } };
  /** Bytes of the attached PDF, when there is one. */
  pdfBytes: number | null;
}

const HEAD = staticMarkup`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
`;

const STYLE = staticMarkup`body{font-family:system-ui,sans-serif;margin:1rem 2rem;max-width:1200px}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1rem}dt{font-weight:600;color:#555}dd{margin:0;overflow-wrap:anywhere}iframe{width:100%;height:70vh;border:1px solid #ccc;border-radius:4px}`;

function address(from: OutboxEmail['content']['from']): string {
  if (!from) return '';
  return from.name === '' ? from.address : `${from.name} <${from.address}>`;
}

export function renderOutboxEmail({ id, content: email, pdfBytes }: OutboxEmail): string {
  const link = `/dev/outbox/${encodeURIComponent(id)}`;
  const rows: Array<[string, string | undefined]> = [
    ['From', address(email.from)],
    ['Reply-To', email.replyTo],
    ['To', email.to?.join(', ')],
    ['Cc', email.cc?.join(', ')],
    ['Bcc', email.bcc?.join(', ')],
    ['Subject', email.subject],
  ];
  const body = (
    <body>
      <p>
        <a href="/dev/outbox">← Dev outbox</a>
      </p>
      <dl>
        {rows
          .filter(([, value]) => value !== undefined && value !== '')
          .map(([name, value]) => (
            <>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </>
          ))}
        <dt>Attachments</dt>
        <dd>
          {pdfBytes === null ? (
            'none'
          ) : (
            <a href={`${link}/pdf`}>invoice PDF ({Math.max(1, Math.round(pdfBytes / 1024))} KB)</a>
          )}
        </dd>
      </dl>
      <iframe title="Email body" sandbox="" srcdoc={email.html ?? ''} />
    </body>
  );
  return renderHtmlDocument({ head: HEAD, title: email.subject ?? 'Email', style: STYLE, body });
}
