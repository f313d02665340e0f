/** What every response and connection gets, whatever route it reaches (README "Limits"). */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Headers no response goes without; a route's own value (the outbox's, say) wins. */
export const SECURITY_HEADERS: Record<string, string> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    return payload;
  });
}

/**
 * The hosted pages' tokens, a test checkout's session id and a dashboard sign-in link's token are
 * secrets; so is any query on them.
 */
const SECRET_PATH = /^\/(i|e|pay\/test|app\/login)\/[^/?#]+([^?#]*)(?:[?#].*)?$/;

/** `url` as it may be logged: the secret part of a public page's path replaced. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PATH, (_match, prefix: string, rest: string) => `/${prefix}/[redacted]${rest}`);
}

/** The request as the log shows it: Fastify's default fields, with the URL redacted. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * At most `max` open connections per client address (0 = no limit): one more is closed as it opens,
 * before any byte of it is read.
 */
export function limitConnectionsPerAddress(server: Server, max: number): void {
  if (max === 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

/**
 * Node's own timeouts, checked every second: the headers must arrive within `seconds` (10 s at most),
 * the whole request within `seconds`; a slower client gets a 408 and the connection is closed.
 */
export function applyHeadersTimeout(server: Server, seconds: number): void {
  server.headersTimeout = Math.min(seconds, 10) * 1000;
}
