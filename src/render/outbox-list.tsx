/** The dev outbox's HTML list (GET /dev/outbox): what was delivered to the outbox transport, newest first. */
import { renderHtmlDocument, staticMarkup } from './html-document.tsx';

/** One delivered message as the list shows it. */
export interface OutboxListEntry {
  id: string;
  createdAt: string;
  channel: string;
  recipient: string;
  messageId: string;
  subject?: string;
  body?: string;
  hasPdf: boolean;
  status: string;
  lastError: string | null;
  attempts: number;
}

const HEAD = staticMarkup`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
`;

// Fixed columns and wrapping anywhere: long addresses, SMS bodies and links never widen the page past
// the window (checked at 1280 px in test/render/outbox-browser.test.ts).
const STYLE = staticMarkup`body{font-family:system-ui,sans-serif;margin:1rem 2rem}table{border-collapse:collapse;width:100%;table-layout:fixed}td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left;vertical-align:top}td{overflow-wrap:anywhere}th{white-space:nowrap}th.created{width:10.5rem}th.channel{width:5.5rem}th.to{width:16rem}th.status{width:9rem}th.attempts{width:6rem}td.created{font-size:.9em;color:#555;white-space:nowrap}`;

function EntryRow({ entry }: { entry: OutboxListEntry }) {
  const link = `/dev/outbox/${encodeURIComponent(entry.id)}`;
  return (
    <tr>
      <td class="created" title={entry.createdAt}>
        {entry.createdAt.replace('T', ' ').slice(0, 19)}
      </td>
      <td>{entry.channel}</td>
      <td>{entry.recipient}</td>
      <td>
        <a href={link}>{entry.subject ?? entry.body ?? entry.messageId}</a>
        {entry.hasPdf && (
          <>
            {' '}
            <a href={`${link}/pdf`}>PDF</a>
          </>
        )}
      </td>
      <td>
        {entry.status}
        {entry.lastError && ` (${entry.lastError})`}
      </td>
      <td>{entry.attempts}</td>
    </tr>
  );
}

export function renderOutboxList(entries: OutboxListEntry[]): string {
  const body = (
    <body>
      <h1>Dev outbox</h1>
      <p>{entries.length} test-mode message(s), newest first. Live-mode messages are never shown here.</p>
      <table>
        <thead>
          <tr>
            <th class="created">Created</th>
            <th class="channel">Channel</th>
            <th class="to">To</th>
            <th>Message</th>
            <th class="status">Status</th>
            <th class="attempts">Attempts</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <EntryRow entry={entry} />
          ))}
        </tbody>
      </table>
    </body>
  );
  return renderHtmlDocument({ head: HEAD, title: 'Dev outbox', style: STYLE, body });
}
