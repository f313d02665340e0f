/**
 * PDFs are drawn in worker threads (piscina), never on the event loop that answers requests: a bounded
 * number at once (threads), a bounded number waiting (queue, beyond it: refused at once), and a time limit
 * per render, waiting included (an overdue render's thread is terminated).
 */
import { Piscina } from 'piscina';
import type { InvoiceDocument } from '../document.ts';

/** Threads at once, renders that may wait, and the time limit per render (waiting included). */
export interface PdfPoolOptions {
  threads: number;
  queue: number;
  timeoutMs: number;
}

export interface PdfRenderer {
  render(doc: InvoiceDocument): Promise<Buffer>;
  close(): Promise<void>;
}

/** A render that was not done: the pool was full, or the render took longer than the limit. */
export class PdfRenderRefused extends Error {
  constructor(
    readonly reason: 'busy' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The threads load the TypeScript sources like the main thread. `node --import tsx` (tests) passes its
 * flag on to workers; bin/hl-invoices.js registers tsx in its own thread only, so the flag is added here.
 */
function workerExecArgv(): string[] {
  if (process.execArgv.some((arg) => arg.includes('tsx'))) return process.execArgv;
  return [...process.execArgv, '--import', import.meta.resolve('tsx')];
}

export function createPdfRenderPool(config: PdfPoolOptions): PdfRenderer {
  const pool = new Piscina({
    filename: new URL('./render-worker.ts', import.meta.url).href,
    minThreads: 0,
    maxThreads: config.threads,
    maxQueue: config.queue + config.threads,
    // A thread keeps its parsed fonts while it lives: keep it a while after the last render.
    idleTimeout: 5 * 60_000,
    execArgv: workerExecArgv(),
  });
  const seconds = Math.ceil(config.timeoutMs / 1000);
  const busy = () =>
    new PdfRenderRefused('busy', 'Too many PDFs are being rendered right now; try again in a few seconds');
  // Counted here rather than by piscina's maxQueue, which also counts tasks waiting for a thread to start.
  let pending = 0;
  return {
    async render(doc) {
      if (pending >= config.threads + config.queue) throw busy();
      pending++;
      try {
        const bytes = (await pool.run(doc, { signal: AbortSignal.timeout(config.timeoutMs) })) as Uint8Array;
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'AbortError' || name === 'TimeoutError') {
          throw new PdfRenderRefused(
            'timeout',
            `The PDF took longer than ${seconds} s to render and was stopped`,
          );
        }
        if (/queue is at limit/i.test((error as Error).message)) throw busy();
        throw error;
      } finally {
        pending--;
      }
    },
    close: () => pool.close({ force: true }),
  };
}
