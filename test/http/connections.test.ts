/**
 * README "Limits", on a real port: a client that trickles its request is cut off within the request
 * timeout, and one address holds at most MAX_CONNECTIONS_PER_ADDRESS open connections.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { authHeaders, NO_LIMITS, setupApp, type TestContext } from '../fixtures/app.ts';

const TIMEOUT_SECONDS = 2;
const MAX_CONNECTIONS = 50;
let ctx: TestContext;
let port: number;

before(async () => {
  ctx = await setupApp({
    limits: { ...NO_LIMITS, requestTimeoutSeconds: TIMEOUT_SECONDS, connectionsPerAddress: MAX_CONNECTIONS },
  });
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const address = ctx.app.server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
});
after(() => ctx.close());

interface Watched {
  socket: net.Socket;
  /** What the server sent so far. */
  received(): string;
  closed(): boolean;
}

/** A connection, watched from its first moment (the server may close it before the test looks). */
function connect(): Promise<Watched> {
  return new Promise((resolve, reject) => {
    let received = '';
    let closed = false;
    const socket = net.connect({ port, host: '127.0.0.1' }, () =>
      resolve({ socket, received: () => received, closed: () => closed }),
    );
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    socket.once('close', () => {
      closed = true;
    });
    socket.once('error', reject);
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with what the server sent once it closes the socket, or null when it is still open after `ms`. */
function closedWithin(socket: net.Socket, ms: number): Promise<string | null> {
  return new Promise((resolve) => {
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    socket.on('error', () => {});
    const timer = setTimeout(() => resolve(null), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

/** Writes one byte of `text` every `everyMs` until the socket closes or the text runs out. */
function trickle(socket: net.Socket, text: string, everyMs: number): { stop(): void; sent(): number } {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++]!);
  }, everyMs);
  return { stop: () => clearInterval(timer), sent: () => i };
}

test('a request body trickled a byte at a time is answered 408 and closed within the timeout', async () => {
  const { socket } = await connect();
  const auth = Object.entries(authHeaders(ctx.tenant.locationToken))
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  // A valid token: the request gets past authentication and waits for its body.
  socket.write(
    `POST /invoices/ HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n`,
  );
  // Faster than any idle timeout: only the limit on the whole request can end it.
  const slow = trickle(socket, '{'.repeat(1000), 200);
  const started = Date.now();
  const received = await closedWithin(socket, (TIMEOUT_SECONDS + 8) * 1000);
  slow.stop();
  assert.notEqual(received, null, 'the server kept the connection open');
  const elapsed = Date.now() - started;
  assert.ok(elapsed < (TIMEOUT_SECONDS + 6) * 1000, `closed after ${elapsed} ms`);
  assert.ok(slow.sent() >= 3, 'the client was still sending');
  assert.match(received!, /^HTTP\/1\.1 408/);
});

test('headers trickled a byte every so often are cut off too', async () => {
  const { socket } = await connect();
  const slow = trickle(socket, 'GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: '.padEnd(500, 'a'), 200);
  const received = await closedWithin(socket, (TIMEOUT_SECONDS + 8) * 1000);
  slow.stop();
  assert.notEqual(received, null, 'the server kept the connection open');
});

test('one address holds at most 50 connections: the 51st to 55th are closed, a freed slot is reused', async () => {
  const connections: Watched[] = [];
  try {
    for (let i = 0; i < MAX_CONNECTIONS + 5; i++) connections.push(await connect());
    for (const c of connections) c.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    // Bounded wait until every one is answered or closed.
    for (let i = 0; i < 100 && !connections.every((c) => c.closed() || c.received() !== ''); i++) {
      await pause(50);
    }
    const kept = connections.slice(0, MAX_CONNECTIONS);
    const refused = connections.slice(MAX_CONNECTIONS);
    assert.ok(
      kept.every((c) => !c.closed() && /^HTTP\/1\.1 200/.test(c.received())),
      'the first 50 are answered and kept open',
    );
    assert.ok(
      refused.every((c) => c.closed() && c.received() === ''),
      'the 51st to 55th are closed before any answer',
    );

    // A connection that ends frees its slot for the next one.
    kept[0]!.socket.destroy();
    for (let i = 0; i < 100 && !kept[0]!.closed(); i++) await pause(20);
    await pause(100);
    const next = await connect();
    connections.push(next);
    next.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    for (let i = 0; i < 100 && next.received() === '' && !next.closed(); i++) await pause(50);
    assert.match(next.received(), /^HTTP\/1\.1 200/);
  } finally {
    for (const c of connections) c.socket.destroy();
  }
});
