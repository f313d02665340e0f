import twilio from 'twilio';
import type { SmsMessage, SmsTransport } from './types.ts';

/** A failed Twilio request, with Twilio's own message and code (e.g. 21211 "Invalid 'To' Phone Number"). */
export class TwilioSendError extends Error {
  override name = 'TwilioSendError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: number | undefined,
    /** False for a request Twilio will refuse again (bad number, bad credentials): do not retry it. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface TwilioTransportOptions {
  accountSid: string;
  authToken: string;
  /** A sending number in E.164 form, or a Messaging Service SID ("MG..."). */
  from: string;
  /** Replaces https://api.twilio.com (tests point it at a local server speaking Twilio's wire format). */
  baseUrl?: string;
  /** Optional status callback; the message id is added to its query so a callback names our message. */
  statusCallbackUrl?: string;
  timeoutMs?: number;
}

/**
 * Real SMS through the Twilio SDK (Messages.create). Twilio has no idempotency key for Messages: a request
 * that timed out after Twilio accepted it and is then retried sends a second SMS. The delivery worker guards
 * against that with its own record of what was sent; the message id only travels in the status callback URL.
 */
export function createTwilioTransport(options: TwilioTransportOptions): SmsTransport {
  const client = twilio(options.accountSid, options.authToken, {
    timeout: options.timeoutMs ?? 15_000,
    autoRetry: false,
  });
  if (options.baseUrl) {
    // The SDK builds every Api request from this domain's base URL; the rest (paths, form encoding, auth,
    // error parsing) stays the SDK's own.
    client.api.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }
  const sender = options.from.startsWith('MG')
    ? { messagingServiceSid: options.from }
    : { from: options.from };

  return {
    kind: 'twilio',
    async send(message: SmsMessage): Promise<{ providerId: string }> {
      let statusCallback: string | undefined;
      if (options.statusCallbackUrl) {
        const url = new URL(options.statusCallbackUrl);
        url.searchParams.set('messageId', message.messageId);
        statusCallback = url.href;
      }
      try {
        const sent = await client.messages.create({
          to: message.to,
          body: message.body,
          ...sender,
          ...(statusCallback ? { statusCallback } : {}),
        });
        return { providerId: sent.sid };
      } catch (error) {
        throw asSendError(error);
      }
    },
  };
}

function asSendError(error: unknown): TwilioSendError {
  const e = error as { message?: string; status?: number; code?: number | string };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const code = typeof e.code === 'number' ? e.code : undefined;
  // No status: the request never got an answer (network, timeout). 429 and 5xx are Twilio's transient states.
  const retryable = status === undefined || status === 429 || status >= 500;
  const message = e.message ?? String(error);
  // The original error is not kept as `cause`: a network error carries the request, Authorization header
  // included, and would put the auth token into any log that serialises it.
  return new TwilioSendError(
    code !== undefined ? `Twilio error ${code}: ${message}` : message,
    status,
    code,
    retryable,
  );
}
