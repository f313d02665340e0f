/** Which locations a dashboard user sees (issue #13 item 2): its own, or all of its company's for an agency user. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLocation } from '../../src/tenancy/locations.ts';
import { createUser } from '../../src/tenancy/users.ts';
import { setupApp, type TestContext } from '../fixtures/app.ts';
import { signIn } from '../fixtures/dashboard.ts';

describe('dashboard locations', () => {
  let t: TestContext;
  let second: string;
  let agencyUser: string;
  before(async () => {
    t = await setupApp();
    const ctx = { store: t.store };
    second = (await createLocation(ctx, { companyId: t.tenant.companyId, name: 'Beta <Branch>' })).id;
    agencyUser = await createUser(ctx, {
      companyId: t.tenant.companyId,
      firstName: 'Agnes',
      lastName: 'Agency',
      email: 'agnes@agency.test',
      type: 'agency',
      locationIds: [],
    });
  });
  after(() => t.close());

  test('an agency user switches between its company’s locations', async () => {
    const agent = await signIn(t.app, t.store, agencyUser);
    const page = await agent.get(`/app/l/${t.tenant.locationId}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<select id="switch-location" name="location"/);
    assert.ok(
      page.body.includes('Beta &lt;Branch') && !page.body.includes('<Branch>'),
      'location names are escaped',
    );
    assert.ok(page.body.includes(`<option value="${t.tenant.locationId}" selected`));
    const switched = await agent.get(`/app/switch?location=${second}`);
    assert.equal(switched.status, 303);
    assert.equal(switched.location, `/app/l/${second}`);
    const there = await agent.get(`/app/l/${second}`);
    assert.equal(there.status, 200);
    assert.ok(there.body.includes(`<option value="${second}" selected`));
  });

  test('an account user sees only its own locations; switching elsewhere goes nowhere', async () => {
    const agent = await signIn(t.app, t.store, t.tenant.userId);
    const page = await agent.get(`/app/l/${t.tenant.locationId}`);
    assert.ok(!page.body.includes('switch-location'), 'one location: no switcher');
    assert.equal((await agent.get(`/app/l/${second}`)).status, 404);
    const switched = await agent.get(`/app/switch?location=${second}`);
    assert.equal(switched.location, '/app');
  });
});
