/**
 * The test clock seen by a real worker process (issue #12 item 9): a developer advances a location's
 * clock over HTTP and, within seconds and with nothing else done, the `worker` process's scheduler runs
 * the schedule that fell due, creating and sending its invoice.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { launch, type Running, stopGracefully } from '../fixtures/cli.ts';
import { activeSchedule } from '../fixtures/schedules.ts';

let ctx: TestContext;
let worker: Running;
before(async () => {
  ctx = await setupApp();
  worker = launch(['worker'], { DATABASE_URL: ctx.databaseUrl, SCHEDULER_INTERVAL_MS: '200' });
});
after(async () => {
  await stopGracefully(worker);
  await ctx.close();
});

const DAY = 86_400;

async function scheduledInvoices(scheduleId: string): Promise<Array<{ status: string }>> {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/schedule/${scheduleId}?altId=${ctx.tenant.locationId}&altType=location`,
    headers: authHeaders(ctx.tenant.locationToken),
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().invoices;
}

/** Waits (bounded) until the schedule lists `count` invoices. */
async function untilInvoices(scheduleId: string, count: number) {
  for (let i = 0; i < 120; i++) {
    const invoices = await scheduledInvoices(scheduleId);
    if (invoices.length >= count) return invoices;
    await sleep(250);
  }
  throw new Error(
    `the worker did not run the schedule (${count} invoices expected)\n${worker.output.stderr}`,
  );
}

test('advancing the test clock makes the worker run what fell due, within seconds, once', async () => {
  const { locationId, locationToken } = ctx.tenant;
  const id = await activeSchedule(ctx.app, locationToken, locationId, { startDate: '2027-01-15' });
  await sleep(600);
  assert.equal((await scheduledInvoices(id)).length, 0, 'nothing is due on the real time');

  const now = Date.now();
  const toFirstRun = Math.ceil((Date.parse('2027-01-15T10:00:00Z') - now) / 1000) + DAY;
  const advance = (seconds: number) =>
    ctx.app.inject({
      method: 'POST',
      url: '/test-clock/advance',
      headers: authHeaders(locationToken),
      payload: { altId: locationId, altType: 'location', seconds },
    });
  assert.equal((await advance(toFirstRun)).statusCode, 200);
  const first = await untilInvoices(id, 1);
  assert.equal(first.length, 1);

  assert.equal((await advance(31 * DAY)).statusCode, 200);
  const second = await untilInvoices(id, 2);
  assert.equal(second.length, 2);
  // Some ticks later, still two: a run is never repeated.
  await sleep(1000);
  assert.equal((await scheduledInvoices(id)).length, 2);
});
