/**
 * Shared shapes between the send path, the workers, the renderers and the transports.
 * Amounts are integer minor units of `currency` (see domain/money.ts).
 */
export interface PostalAddress {
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  state?: string;
  countryCode?: string;
  postalCode?: string;
}

/** Everything a renderer (PDF, email, SMS, hosted page) needs to show one invoice. */
export interface InvoiceDocument {
  id: string;
  /** Prefix and number as shown to people, e.g. "INV-1001"; null for a draft without a number. */
  displayNumber: string | null;
  name: string;
  title: string;
  status: 'draft' | 'sent' | 'payment_processing' | 'partially_paid' | 'paid' | 'void';
  liveMode: boolean;
  currency: string;
  issueDate: string;
  dueDate: string;
  business: {
    name: string;
    logoUrl?: string;
    phoneNo?: string;
    email?: string;
    website?: string;
    address?: PostalAddress;
  };
  contact: {
    name: string;
    email?: string;
    phoneNo?: string;
    companyName?: string;
    address?: PostalAddress;
  };
  items: Array<{
    name: string;
    description?: string;
    /** Exact decimal quantity, e.g. "1" or "2.5". */
    qty: string;
    unitAmount: number;
    lineTotal: number;
    taxes: Array<{ name: string; rate: number }>;
  }>;
  discount: { type: 'percentage' | 'fixed'; value: number };
  subTotal: number;
  discountTotal: number;
  /** Tax per tax name, summed over the items. */
  taxes: Array<{ name: string; rate: number; amount: number }>;
  taxTotal: number;
  total: number;
  amountPaid: number;
  amountDue: number;
  /** The business's terms; user-supplied HTML: render as text or sanitise, never inject raw. */
  termsNotes?: string;
  /** The customer's hosted page, e.g. https://host/i/<token>. */
  publicUrl: string;
}

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface EmailMessage {
  /** Stable per send and channel, in angle brackets: "<id@domain>"; a redelivery reuses it. */
  messageId: string;
  from: { name: string; address: string };
  replyTo?: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject: string;
  html: string;
  text: string;
  attachments: EmailAttachment[];
}

export interface SmsMessage {
  /** Stable per send and channel; used to recognise a redelivery. */
  messageId: string;
  to: string;
  body: string;
}

export interface EmailTransport {
  readonly kind: 'smtp' | 'outbox';
  send(message: EmailMessage): Promise<{ providerId: string }>;
  close?(): Promise<void>;
}

export interface SmsTransport {
  readonly kind: 'twilio' | 'outbox';
  send(message: SmsMessage): Promise<{ providerId: string }>;
  close?(): Promise<void>;
}
