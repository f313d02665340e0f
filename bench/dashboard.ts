/**
 * The dashboard's invoice list page (GET /app/l/:loc/invoices, issue #13) at a large location: a
 * signed-in browser's requests (session cookie), one connection so that the latencies are a page's own
 * (no queueing behind other requests). Used by run.ts at every scale size, and on its own:
 * `npm run bench:dashboard` grows one location to BENCH_DASHBOARD_INVOICES (100 000) and measures only this.
 */
import type { RequestParams } from 'autocannon';
import { openStore, type Store } from '../src/store/db.ts';
import { createLoginLink } from '../src/tenancy/sign-in.ts';
import { drive, type LoadResult } from './load.ts';
import { seedInvoices } from './seed.ts';
import { openBenchDatabase, startService } from './system.ts';
import { addLocation, createLocations } from './tenants.ts';

/** A session cookie for `userId`, through the real sign-in link route. */
export async function dashboardCookie(store: Store, url: string, userId: string): Promise<string> {
  const token = await createLoginLink({ store }, userId, 600);
  const res = await fetch(`${url}/app/login/${token}`, { redirect: 'manual' });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('hl_session='));
  if (res.status !== 303 || !cookie) throw new Error(`dashboard sign-in failed: ${res.status}`);
  return cookie.split(';')[0]!;
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** The list pages a person opens most: the first page, a status tab, the ageing chart's link, other orders. */
export function dashboardListPaths(locationId: string): string[] {
  const base = `/app/l/${locationId}/invoices`;
  return [
    base,
    `${base}?status=sent`,
    `${base}?status=paid&page=3`,
    `${base}?unpaid=1&dueFrom=${day(-60)}&dueTo=${day(-30)}`,
    `${base}?sort=dueDate&order=asc`,
    `${base}?sort=number`,
    `${base}?q=Customer%2042`,
  ];
}

export async function measureDashboardList(
  name: string,
  options: { url: string; duration: number },
  locationId: string,
  cookie: string,
): Promise<LoadResult> {
  const paths = dashboardListPaths(locationId);
  let i = 0;
  const pick = (): RequestParams => ({
    method: 'GET',
    path: paths[i++ % paths.length]!,
    headers: { cookie },
  });
  return drive(name, { url: options.url, connections: 1, duration: options.duration }, pick);
}

async function main(): Promise<void> {
  const size = Number(process.env.BENCH_DASHBOARD_INVOICES ?? 100_000);
  const duration = Number(process.env.BENCH_SCALE_DURATION ?? 10);
  const log = (m: string) => process.stderr.write(`[bench:dashboard] ${m}\n`);
  const database = await openBenchDatabase(log);
  const store = openStore(database.url, { max: 4 });
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  try {
    const { companyId } = await createLocations(store, database.url, 1);
    const location = await addLocation(store, companyId, 'Scale Location');
    log(`growing one location to ${size} invoices`);
    await seedInvoices(store, [location], size);
    await store.pool.query('vacuum analyze invoices');
    service = await startService(database.url);
    const cookie = await dashboardCookie(store, service.url, location.userId);
    // Warm-up: compiled statements, JIT, caches.
    await measureDashboardList('warm-up', { url: service.url, duration: 2 }, location.id, cookie);
    for (const path of dashboardListPaths(location.id)) {
      const ms: number[] = [];
      for (let i = 0; i < 15; i++) {
        const t = performance.now();
        const res = await fetch(`${service.url}${path}`, { headers: { cookie } });
        await res.text();
        ms.push(performance.now() - t);
      }
      ms.sort((a, b) => a - b);
      log(`${path.replace(/^\/app\/l\/[^/]+/, '')}: median ${ms[7]!.toFixed(1)} ms`);
    }
    const result = await measureDashboardList(
      `dashboard list page at ${size}`,
      { url: service.url, duration },
      location.id,
      cookie,
    );
    log(JSON.stringify(result));
    process.stdout.write(
      `dashboard list page (${size} invoices in the location, 1 connection, ${duration}s): ` +
        `${result.rps.toFixed(0)} pages/s, median ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}\n`,
    );
    if (result.errors > 0) process.exitCode = 1;
  } finally {
    await service?.child.stop();
    await store.close();
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
