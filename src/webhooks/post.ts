/**
 * One delivery attempt over the wire: POST of the signed bytes to the address target.ts checked, with a
 * time limit, no redirects followed and the answer's body read and dropped.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { AttemptResult } from '../domain/webhook-retry.ts';
import type { CheckedTarget } from './target.ts';

/** The connection goes to the checked address whatever the name resolves to now. */
function pinnedLookup(target: CheckedTarget): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
}

/** Answers are read up to this much, then dropped: a receiver cannot make the worker buffer without end. */
const RESPONSE_LIMIT = 64 * 1024;

export function postWebhook(
  target: CheckedTarget,
  body: Buffer,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<AttemptResult> {
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = client.request(target.url, {
      method: 'POST',
      agent: false,
      lookup: pinnedLookup(target),
      headers: {
        'content-type': 'application/json',
        'content-length': String(body.length),
        'user-agent': 'hl-invoices-webhooks/1',
        ...headers,
      },
    });
    const timer = setTimeout(() => {
      finish({ kind: 'timeout', error: `no answer within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on('response', (response) => {
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > RESPONSE_LIMIT) response.destroy();
      });
      const status = response.statusCode ?? 0;
      const done = () => {
        if (status >= 200 && status < 300) finish({ kind: 'delivered', status });
        else finish({ kind: 'http', status });
      };
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish({ kind: 'network', error: error.code ? `${error.code}: ${error.message}` : error.message });
    });
    request.end(body);
  });
}
