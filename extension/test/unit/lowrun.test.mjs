// The running-low bookkeeping (background/lowrun.js) against a fake browser API
// and a scripted host: the badge count, one notification per crossing, every
// use on a one-code-at-a-time site, the click target. The real badge and
// notifications are covered by test/e2e/lowrun.test.mjs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NOTIFICATION_PREFIX, STATE_KEY, createLowRun } from '../../src/background/lowrun.js';

function fakeApi() {
  const store = {};
  const api = {
    badge: null,
    title: null,
    shown: [],
    cleared: [],
    opened: [],
    store,
    i18n: { getMessage: (key, subs = []) => `${key}(${subs.join(',')})` },
    runtime: { getURL: (p) => `chrome-extension://id/${p}` },
    action: {
      setBadgeText: async ({ text }) => { api.badge = text; },
      setBadgeBackgroundColor: async () => {},
      setTitle: async ({ title }) => { api.title = title; },
    },
    notifications: {
      create: async (id, opts) => { api.shown.push({ id, ...opts }); return id; },
      clear: async (id) => { api.cleared.push(id); return true; },
    },
    tabs: { create: async ({ url }) => { api.opened.push(url); } },
    storage: { local: {
      get: async (key) => (key in store ? { [key]: structuredClone(store[key]) } : {}),
      set: async (obj) => { Object.assign(store, structuredClone(obj)); },
    } },
  };
  return api;
}

const catalogue = { ok: true, result: { sites: [{ id: 'github' }, { id: 'x', one_at_a_time: true }] } };

/** A summary as the host sends it; running_low as the host computes it. */
function acc(id, site, remaining, used, regenerate_url = `https://${site}.example/new`) {
  return { id, site, site_name: site.toUpperCase(), account: `${id}-label`, remaining, used, running_low: remaining <= 2, regenerate_url };
}

function world() {
  const api = fakeApi();
  let accounts = [];
  let ok = true;
  const low = createLowRun({
    api,
    request: async (r) => {
      assert.equal(r.type, 'list');
      return ok ? { ok: true, result: { accounts } } : { ok: false, error: { code: 'locked', message: 'locked' } };
    },
    sites: async () => catalogue,
  });
  return {
    api,
    low,
    set: (list) => { accounts = list; },
    fail: () => { ok = false; },
  };
}

test('the badge counts the accounts at 2 or fewer, and is blank at none', async () => {
  const w = world();
  const cases = [
    [[acc('a', 'github', 5, 0)], ''],
    [[acc('a', 'github', 2, 3), acc('b', 'github', 9, 0)], '1'],
    [[acc('a', 'github', 0, 5), acc('b', 'github', 1, 8), acc('c', 'x', 1, 0)], '3'],
    [[], ''],
  ];
  for (const [list, badge] of cases) {
    w.set(list);
    await w.low.refresh();
    assert.equal(w.api.badge, badge, JSON.stringify(list.map((a) => a.remaining)));
  }
});

test('a host that cannot list (locked) blanks the badge', async () => {
  const w = world();
  w.set([acc('a', 'github', 1, 0)]);
  await w.low.refresh();
  assert.equal(w.api.badge, '1');
  w.fail();
  await w.low.refresh();
  assert.equal(w.api.badge, '');
});

test('one notification per crossing: a use to 2, not the next use, again after a new set', async () => {
  const w = world();
  const steps = [
    // [remaining, used, notifications so far, why]
    [4, 0, 0, 'first sight'],
    [3, 1, 0, 'a use above 2'],
    [2, 2, 1, 'a use reaching 2 announces'],
    [1, 3, 1, 'the next use does not announce again'],
    [1, 3, 1, 'a refresh without a use does not announce'],
    [16, 0, 1, 'a new set (replace) goes back above 2'],
    [2, 14, 2, 'the next crossing announces again'],
  ];
  for (const [remaining, used, count, why] of steps) {
    w.set([acc('a', 'github', remaining, used)]);
    await w.low.refresh();
    assert.equal(w.api.shown.length, count, why);
  }
  const n = w.api.shown[0];
  assert.equal(n.id, `${NOTIFICATION_PREFIX}a`);
  assert.equal(n.type, 'basic');
  assert.equal(n.title, 'notify_title(GITHUB)');
  assert.match(n.message, /^notify_low\(a-label,2\) notify_click\(\)$/);
  assert.doesNotMatch(JSON.stringify(w.api.store), /label|[0-9a-f]{5}-[0-9a-f]{5}/, 'storage holds ids, counts and the page only');
});

test('an account first seen already low is not announced; a use made elsewhere since is', async () => {
  const w = world();
  w.set([acc('a', 'github', 2, 0)]);
  await w.low.refresh();
  assert.equal(w.api.shown.length, 0, 'importing a short set is no use');
  w.set([acc('a', 'github', 0, 2)]);
  await w.low.refresh();
  assert.equal(w.api.shown.length, 1);
  assert.match(w.api.shown[0].message, /^notify_empty\(a-label\)/);
});

test('a one-code-at-a-time site is announced at every use', async () => {
  const w = world();
  for (const [remaining, used] of [[1, 0], [0, 1], [1, 1], [0, 2]]) {
    w.set([acc('x1', 'x', remaining, used)]);
    await w.low.refresh();
  }
  assert.equal(w.api.shown.length, 2);
  assert.ok(w.api.shown.every((n) => n.message.startsWith('notify_one_at_a_time(x1-label)')));
});

test('a click opens the account\'s page for new codes, and only an https one', async () => {
  const w = world();
  w.set([acc('a', 'github', 3, 0), acc('b', 'github', 3, 0, 'javascript:alert(1)')]);
  await w.low.refresh();
  w.set([acc('a', 'github', 2, 1), acc('b', 'github', 2, 1, 'javascript:alert(1)')]);
  await w.low.refresh();
  assert.equal(w.api.shown.length, 2);
  assert.doesNotMatch(w.api.shown[1].message, /notify_click/, 'no "click to open" without a page');
  await w.low.clicked(`${NOTIFICATION_PREFIX}a`);
  await w.low.clicked(`${NOTIFICATION_PREFIX}b`);
  await w.low.clicked('someone-else');
  assert.deepEqual(w.api.opened, ['https://github.example/new']);
  assert.deepEqual(w.api.cleared, [`${NOTIFICATION_PREFIX}a`, `${NOTIFICATION_PREFIX}b`]);
});

test('removed accounts are forgotten', async () => {
  const w = world();
  w.set([acc('a', 'github', 3, 0), acc('b', 'github', 3, 0)]);
  await w.low.refresh();
  w.set([acc('b', 'github', 3, 0)]);
  await w.low.refresh();
  assert.deepEqual(Object.keys(w.api.store[STATE_KEY].accounts), ['b']);
});

test('a notification that cannot be shown still records the use, so it is not retried at every refresh', async () => {
  const w = world();
  let tries = 0;
  w.api.notifications.create = async () => { tries++; throw new Error('no notification server'); };
  w.set([acc('a', 'github', 3, 0)]);
  await w.low.refresh();
  w.set([acc('a', 'github', 2, 1)]);
  await w.low.refresh();
  await w.low.refresh();
  assert.equal(tries, 1);
  assert.equal(w.api.badge, '1');
  assert.equal(w.api.store[STATE_KEY].accounts.a.used, 1);
});
