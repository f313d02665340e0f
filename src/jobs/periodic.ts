/** A loop that runs a step, then waits an interval, until stopped: the webhook fan-out and the scheduler. */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Periodic {
  /** Ends the loop after the step in flight (if any) finishes. */
  stop(): Promise<void>;
}

/** `step` gets the stop signal so it can end a long batch early; a failed step is reported and retried next time. */
export function startPeriodic(
  intervalMs: number,
  step: (signal: AbortSignal) => Promise<void>,
  onError: (error: unknown) => void,
): Periodic {
  const stopping = new AbortController();
  setMaxListeners(0, stopping.signal);
  const loop = async () => {
    while (!stopping.signal.aborted) {
      try {
        await step(stopping.signal);
      } catch (error) {
        onError(error);
      }
      await sleep(intervalMs, undefined, { signal: stopping.signal }).catch(() => {});
    }
  };
  const running = loop();
  return {
    async stop() {
      stopping.abort();
      await running;
    },
  };
}
