/** Who an invoice email is from (docs/send-invoice.md §3), with no I/O. */
export interface SenderChoice {
  from: { name: string; address: string };
  replyTo?: string;
}

/** The domain of an address ("a@Mail.Example.com" -> "mail.example.com"), or null when it is not one. */
function domainOf(address: string): string | null {
  const match =
    /^[^\s@<>"(),;:]+@([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)\.?$/i.exec(
      address,
    );
  return match ? match[1]!.toLowerCase() : null;
}

/**
 * Who a message is from. The requested fromName / fromEmail override the location's
 * defaults. The chosen address is the header and envelope From only when its domain is one of
 * `senderDomains` (case-insensitive, exact: "mail.example.com" is not covered by "example.com", because a
 * subdomain may have its own SPF/DKIM/DMARC policy and not be ours to send from); otherwise the message goes
 * from the default sender address and the chosen address becomes Reply-To, so replies still reach the
 * business without spoofing its domain. An address that is not a plain mailbox is dropped.
 */
export function chooseSender(input: {
  requested?: { fromName?: string; fromEmail?: string };
  locationDefaults: { name?: string | null; email?: string | null };
  defaultFrom: { name: string; address: string };
  senderDomains: string[];
}): SenderChoice {
  const name =
    [input.requested?.fromName, input.locationDefaults.name, input.defaultFrom.name]
      .map((n) => (n ?? '').replace(/[\r\n]+/g, ' ').trim())
      .find((n) => n !== '') ?? '';
  const wanted = [input.requested?.fromEmail, input.locationDefaults.email]
    .map((a) => (a ?? '').trim())
    .find((a) => domainOf(a) !== null);
  const domain = wanted ? domainOf(wanted) : null;
  if (!wanted || !domain) return { from: { name, address: input.defaultFrom.address } };

  const allowed = new Set(input.senderDomains.map((d) => d.trim().toLowerCase().replace(/\.$/, '')));
  if (allowed.has(domain)) return { from: { name, address: wanted } };
  if (wanted.toLowerCase() === input.defaultFrom.address.toLowerCase()) {
    return { from: { name, address: input.defaultFrom.address } };
  }
  return { from: { name, address: input.defaultFrom.address }, replyTo: wanted };
}
