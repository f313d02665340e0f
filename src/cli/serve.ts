import type { Config } from '../config.ts';
import { type OpenedDatabase, startProcess } from '../server.ts';
import { noPositionals, parse } from './args.ts';
import { type Io, progressLog } from './io.ts';

/** `serve [--no-workers]`. */
export async function serveCommand(config: Config, io: Io, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { 'no-workers': { type: 'boolean' } });
  noPositionals(positionals, 'serve');
  return serve(config, io, { workers: values['no-workers'] !== true });
}

/** The API, with the delivery and charge workers unless told not to; lives until a signal. */
export async function serve(
  config: Config,
  io: Io,
  options: { workers: boolean; database?: OpenedDatabase },
): Promise<number> {
  const started = await startProcess(config, {
    api: true,
    workers: options.workers,
    database: options.database,
    log: progressLog(io),
  });
  io.err(`hl-invoices listening on ${started.api!.url}\n`);
  if (options.workers) {
    // Loaded here: the store commands need none of the delivery stack (nodemailer, Twilio, pdfkit).
    const { describeTransports } = await import('../jobs/runtime.ts');
    io.err(
      `workers: ${config.delivery.workerConcurrency} deliveries per channel, ${config.delivery.workerConcurrency} charges; ${describeTransports(config)}\n`,
    );
  } else {
    io.err('workers: off (--no-workers); run `hl-invoices worker` to deliver and charge\n');
  }
  // The process now lives until a signal; the handler startProcess installed closes everything and exits.
  return new Promise<number>(() => {});
}
