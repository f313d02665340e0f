/**
 * The loopback SMTP sink of the delivery run: smtp-server as in test/fixtures/servers.ts, counting what it
 * accepts. Its sockets have Nagle's algorithm off: smtp-server answers in small writes, and with Nagle on,
 * each exchange can wait for the client's delayed ACK (40 ms on Linux), which would measure the sink.
 */
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

export async function startSmtpSink() {
  let received = 0;
  let bytes = 0;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  server.server.on('connection', (socket: Socket) => socket.setNoDelay(true));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    bytes: () => bytes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
