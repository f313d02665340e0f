/** Hostile form input on the settings routes: NUL, over-long and repeated fields, odd ids: never a 5xx. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setupApp, type TestContext } from '../fixtures/app.ts';
import { type DashboardAgent, signIn } from '../fixtures/dashboard.ts';
import { settingsSnapshot } from '../fixtures/settings.ts';

describe('settings: hostile input', () => {
  let t: TestContext;
  let agent: DashboardAgent;
  before(async () => {
    t = await setupApp();
    agent = await signIn(t.app, t.store, t.tenant.userId);
  });
  after(() => t.close());

  test('every POST refuses bad values with a 4xx and changes nothing', async () => {
    const base = `/app/l/${t.tenant.locationId}/settings`;
    const before = await settingsSnapshot(t.store);
    const values = ['\u0000', 'x'.repeat(3000), ['a', 'b']];
    const routes: [string, string[]][] = [
      [`${base}/business`, ['name', 'email', 'website', 'logoUrl', 'address.city']],
      [`${base}/invoices/numbering`, ['prefix', 'nextNumber']],
      [`${base}/payments/test-mode`, ['testMode']],
      [`${base}/tokens`, ['label', 'scopes', 'expiry']],
      [`${base}/webhooks`, ['url', 'events']],
      [`${base}/tokens/%00/revoke`, []],
      [`${base}/tokens/${'x'.repeat(199)}/revoke`, []],
      [`${base}/webhooks/%00/remove`, []],
      [`${base}/webhooks/deliveries/%00/replay`, []],
      [`${base}/webhooks/deliveries/not-an-id/replay`, []],
    ];
    for (const [url, fields] of routes) {
      const valid: Record<string, string | string[]> = {
        name: 'Acme',
        prefix: 'INV-',
        nextNumber: '10',
        testMode: 'on',
        label: 'l',
        scopes: ['invoices.readonly'],
        expiry: 'never',
        url: 'http://127.0.0.1:9/x',
      };
      if (fields.length === 0) {
        const res = await agent.post(url, {});
        assert.ok(res.status >= 400 && res.status < 500, `${url}: ${res.status}`);
      }
      for (const field of fields)
        for (const value of values) {
          const res = await agent.post(url, { ...valid, [field]: value });
          assert.ok(
            res.status >= 400 && res.status < 500,
            `${url} ${field}=${JSON.stringify(value).slice(0, 20)}: ${res.status}`,
          );
        }
    }
    assert.equal(await settingsSnapshot(t.store), before);
    for (const url of [
      `${base}/webhooks/%00`,
      `${base}/webhooks/${'x'.repeat(300)}`,
      `${base}/webhooks/nope`,
    ]) {
      const res = await agent.get(url);
      assert.ok(res.status >= 400 && res.status < 500, `${url}: ${res.status}`);
    }
  });
});
