/**
 * An open-loop load at a fixed rate: one request every 1/rate seconds, evenly spaced, over keep-alive
 * connections (at most `connections` in flight; more wait for a socket). autocannon's overallRate sends
 * each second's quota in a burst at the start of the second, which measures full load for part of each
 * second rather than a steady half load. Latency is taken from the scheduled start, so a stall delays
 * (and counts against) the requests behind it.
 */
import http from 'node:http';
import type { RequestParams } from 'autocannon';
import type { LoadResult } from './load.ts';
import { summarise } from './stats.ts';

export async function drivePaced(
  name: string,
  options: { url: string; connections: number; duration: number; rate: number },
  pick: () => RequestParams,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  const timeline: Array<{ at: number; ms: number }> = [];
  let errors = 0;
  let firstError: string | undefined;
  const total = Math.round(options.rate * options.duration);
  const interval = 1000 / options.rate;
  const began = performance.now();
  const one = (scheduled: number) =>
    new Promise<void>((resolve) => {
      const request = pick();
      const req = http.request(
        `${options.url}${request.path}`,
        { method: request.method, headers: request.headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const ms = performance.now() - scheduled;
            latencies.push(ms);
            timeline.push({ at: scheduled - began, ms });
            if ((res.statusCode ?? 0) >= 300) {
              errors++;
              firstError ??= `${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 300)}`;
            }
            resolve();
          });
        },
      );
      req.on('error', (err) => {
        errors++;
        firstError ??= err.message;
        resolve();
      });
      req.end(request.body);
    });
  const inFlight: Promise<void>[] = [];
  // The generator's own lateness: a stall in this process would be counted as service latency.
  let lateMax = 0;
  let lateOver10 = 0;
  for (let i = 0; i < total; i++) {
    const scheduled = began + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const late = performance.now() - scheduled;
    lateMax = Math.max(lateMax, late);
    if (late > 10) lateOver10++;
    inFlight.push(one(scheduled));
  }
  await Promise.all(inFlight);
  agent.destroy();
  const seconds = (performance.now() - began) / 1000;
  const stats = summarise(latencies);
  return {
    name,
    stalls: stallsOf(timeline),
    startedAt: began,
    generatorLateMs: { max: Math.round(lateMax), over10: lateOver10 },
    rps: latencies.length / seconds,
    p50: Number(stats.p50.toFixed(1)),
    p99: Number(stats.p99.toFixed(1)),
    requests: latencies.length,
    errors,
    ...(firstError ? { firstError } : {}),
  };
}

/**
 * Where the slow requests of a paced run fall: runs of requests over 50 ms whose scheduled times are within
 * 100 ms of each other form one stall. A few long stalls point at a pause of the whole service or of
 * PostgreSQL; slow requests spread over the run point at load.
 */
export function stallsOf(timeline: Array<{ at: number; ms: number }>) {
  const slow = timeline.filter((t) => t.ms > 50).sort((a, b) => a.at - b.at);
  const stalls: Array<{ atMs: number; requests: number; worstMs: number }> = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const t of slow) {
    const current = stalls[stalls.length - 1];
    if (current && t.at - last <= 100) {
      current.requests++;
      current.worstMs = Math.max(current.worstMs, Math.round(t.ms));
    } else stalls.push({ atMs: Math.round(t.at), requests: 1, worstMs: Math.round(t.ms) });
    last = t.at;
  }
  return stalls;
}
