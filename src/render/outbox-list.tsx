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
`;

const STYLE = staticMarkup`body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left;vertical-align:top}`;

function EntryRow({ entry }: { entry: OutboxListEntry }) {
  const link = `/dev/outbox/${encodeURIComponent(entry.id)}`;
  return (
    <tr>
      <td>{entry.createdAt}</td>
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
      <p>{entries.length} message(s), newest first.</p>
      <table>
        <thead>
          <tr>
            <th>Created</th>
            <th>Channel</th>
            <th>To</th>
            <th>Message</th>
            <th>Status</th>
            <th>Attempts</th>
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
