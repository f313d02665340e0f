/** The estimate's email and SMS (POST /invoices/estimate/{id}/send): what is offered and the /e/ link. */
import { formatMoney } from '../domain/money.ts';
import { formatDate, oneLine } from './display.ts';
import {
  FactTable,
  Footnote,
  LinkButton,
  Paragraph,
  type RenderedEmail,
  renderEmail,
} from './email-layout.tsx';
import { composeSms, smsMoney } from './sms.ts';
import { safeHttpUrl } from './urls.ts';

export interface EstimateMessageModel {
  business: { name: string; logoUrl?: string };
  /** EST-12 */
  number: string;
  contactName: string;
  /** Minor units. */
  total: number;
  currency: string;
  expiryDate: string;
  /** The customer's page, PUBLIC_URL/e/{token}. */
  link: string;
  liveMode: boolean;
}

const TEST_MODE_NOTE = 'TEST MODE: this estimate was sent in test mode';

export function renderEstimateEmail(model: EstimateMessageModel, opts: { fromName: string }): RenderedEmail {
  const sender = opts.fromName.trim() || model.business.name;
  const total = formatMoney(model.total, model.currency);
  const validUntil = formatDate(model.expiryDate);
  const link = safeHttpUrl(model.link) ?? model.link;
  const rows: Array<[string, string]> = [
    ['Estimate', model.number],
    ['Total', total],
    ['Valid until', validUntil],
  ];
  const content = (
    <>
      <Paragraph>
        Hello {model.contactName},<br />
        {sender} has sent you estimate {model.number} for <strong>{total}</strong>, valid until {validUntil}.
      </Paragraph>
      <FactTable rows={rows} />
      <LinkButton link={link} label="View estimate" />
      <Footnote>You can accept or decline the estimate on its page.</Footnote>
    </>
  );
  return renderEmail({
    doc: { business: model.business },
    subject: oneLine(`Estimate ${model.number} from ${model.business.name}`),
    ...(model.liveMode ? {} : { testNote: TEST_MODE_NOTE }),
    content,
    lines: [
      `Hello ${model.contactName},`,
      '',
      `${sender} has sent you estimate ${model.number} for ${total}, valid until ${validUntil}.`,
      '',
      ...rows.map(([label, value]) => `${label}: ${value}`),
      '',
      `View estimate: ${link}`,
      '',
      'You can accept or decline the estimate on its page.',
    ],
  });
}

/** "Acme Builders: estimate EST-3, $2,855.00. https://host/e/token" — one SMS segment for typical values. */
export function renderEstimateSms(model: EstimateMessageModel): string {
  return composeSms(
    model.business.name,
    `estimate ${model.number}, ${smsMoney(model.total, model.currency)}.`,
    model.link,
  );
}
