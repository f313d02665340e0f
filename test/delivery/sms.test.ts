import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createTwilioTransport, TwilioSendError } from '../../src/delivery/sms.ts';
import type { SmsTransport } from '../../src/delivery/types.ts';
import { isE164, normalisePhone } from '../../src/domain/phone.ts';
import { ACCOUNT_SID, AUTH_TOKEN, FROM, type SeenRequest, startFakeTwilio } from '../fixtures/servers.ts';

describe('createTwilioTransport against a local Twilio API', () => {
  const seen: SeenRequest[] = [];
  let server: http.Server;
  let baseUrl: string;
  let transport: SmsTransport;

  before(async () => {
    server = await startFakeTwilio(seen);
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    transport = createTwilioTransport({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: FROM,
      baseUrl,
    });
  });

  after(async () => {
    await transport?.close?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('sends To/From/Body with basic auth and returns the message SID', async () => {
    const body = 'Acme Design Ltd: invoice INV-1001, $1,962.00 due. https://invoices.example.com/i/tok_3fK9';
    const result = await transport.send({ messageId: 'send_01J0ABC.sms', to: '+14155550123', body });
    const request = seen.at(-1)!;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    assert.equal(
      request.authorization,
      `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
    );
    assert.match(request.contentType ?? '', /^application\/x-www-form-urlencoded/);
    assert.equal(request.form.get('To'), '+14155550123');
    assert.equal(request.form.get('From'), FROM);
    assert.equal(request.form.get('Body'), body);
    assert.equal(request.form.get('StatusCallback'), null, 'no callback unless configured');
    assert.match(result.providerId, /^SM[0-9a-f]{32}$/);
  });

  test('a Messaging Service SID goes as MessagingServiceSid; a status callback carries the message id', async () => {
    const service = `MG${'0'.repeat(32)}`;
    const viaService = createTwilioTransport({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: service,
      baseUrl: `${baseUrl}/`,
      statusCallbackUrl: 'https://invoices.example.com/webhooks/twilio/status?v=1',
    });
    const result = await viaService.send({
      messageId: 'send_01J0DEF.sms',
      to: '+447700900123',
      body: 'Hello',
    });
    const request = seen.at(-1)!;
    assert.equal(request.form.get('MessagingServiceSid'), service);
    assert.equal(request.form.get('From'), null);
    assert.equal(
      request.form.get('StatusCallback'),
      'https://invoices.example.com/webhooks/twilio/status?v=1&messageId=send_01J0DEF.sms',
    );
    assert.match(result.providerId, /^SM[0-9a-f]{32}$/);
  });

  test("a Twilio 400 (21211) is thrown with Twilio's message, not retryable", async () => {
    await assert.rejects(
      transport.send({ messageId: 'send_01J0GHI.sms', to: '+1555', body: 'Hello' }),
      (error: unknown) => {
        assert.ok(error instanceof TwilioSendError);
        assert.equal(error.status, 400);
        assert.equal(error.code, 21211);
        assert.equal(error.retryable, false);
        assert.match(error.message, /The 'To' number \+1555 is not a valid phone number\./);
        return true;
      },
    );
  });

  test('wrong credentials surface as a 401 (20003) and the token is not in the error', async () => {
    const wrong = createTwilioTransport({
      accountSid: ACCOUNT_SID,
      authToken: 'wrong-token-value',
      from: FROM,
      baseUrl,
    });
    await assert.rejects(wrong.send({ messageId: 'm', to: '+14155550123', body: 'x' }), (error: unknown) => {
      assert.ok(error instanceof TwilioSendError);
      assert.equal(error.status, 401);
      assert.equal(error.code, 20003);
      assert.ok(!JSON.stringify({ ...error, message: error.message }).includes('wrong-token-value'));
      return true;
    });
  });

  test('an unreachable API is a retryable error', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = createTwilioTransport({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: FROM,
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 5_000,
    });
    await assert.rejects(
      unreachable.send({ messageId: 'm', to: '+14155550123', body: 'x' }),
      (error: unknown) => {
        assert.ok(error instanceof TwilioSendError);
        assert.equal(error.status, undefined);
        assert.equal(error.retryable, true);
        return true;
      },
    );
  });
});

describe('phone numbers', () => {
  test('isE164', () => {
    for (const ok of ['+14155550123', '+447700900123', '+8613800138000', '+4930123'])
      assert.ok(isE164(ok), ok);
    for (const bad of [
      '14155550123',
      '+04155550123',
      '+1 415 555 0123',
      '+123456',
      '+1234567890123456',
      '',
      '+',
    ]) {
      assert.ok(!isE164(bad), bad);
    }
  });

  test('normalisePhone strips separators and keeps the leading +', () => {
    assert.equal(normalisePhone('+1 (415) 555-0123'), '+14155550123');
    assert.equal(normalisePhone(' +44 7700.900.123 '), '+447700900123');
    assert.equal(normalisePhone('+49-30-123'), '+4930123');
  });

  test('normalisePhone refuses what is not E.164 after stripping', () => {
    for (const bad of [
      '(415) 555-0123',
      '+1 415 555 0123 ext 4',
      '++14155550123',
      '+0 415 555 0123',
      'abc',
      '',
      '+1-4',
    ]) {
      assert.equal(normalisePhone(bad), null, bad);
    }
  });
});
