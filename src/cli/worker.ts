import type { Config } from '../config.ts';
import { startProcess } from '../server.ts';
import { noArguments } from './args.ts';
import { type Io, progressLog } from './io.ts';

/** `worker`: delivery, charge and webhook workers without the HTTP API; several can share one PostgreSQL with API processes. */
export async function workerCommand(config: Config, io: Io, args: string[]): Promise<number> {
  noArguments(args, 'worker');
  await startProcess(config, { api: false, workers: true, log: progressLog(io) });
  const { describeTransports } = await import('../jobs/runtime.ts');
  io.err(
    `hl-invoices worker: ${config.delivery.workerConcurrency} per channel, ${config.delivery.workerConcurrency} charges and ${config.delivery.workerConcurrency} webhook subscriptions at once; ${describeTransports(config)}\n`,
  );
  // The process now lives until a signal; the handler startProcess installed closes everything and exits.
  return new Promise<number>(() => {});
}
