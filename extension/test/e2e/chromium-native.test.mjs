// Issue 3's browser check, with the real extension: an extension page speaks
// the protocol to the real host over connectNative, and the host refuses codes
// to the wrong origin. Plus the background's own refusals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubCodes } from './lib/host.mjs';
import { setup } from './lib/flow.mjs';

const expectedBackend = process.env.TEAROFF_TEST_SECRET_SERVICE === '1' ? 'secret-service' : 'file';

async function allUnused(vault) {
  const [acc] = await vault.list();
  return acc.codes.every((c) => c.state === 'unused');
}

test('chromium: connectNative reaches the real host; hello works, wrong origins are refused', async (t) => {
  const { vault, driver } = await setup(t, 'chromium');
  await vault.importCodes({ site: 'github', account: 'octocat', codes: githubCodes() });
  const page = await driver.extensionPage('options/options.html');

  const replies = await page.evaluate(async () => {
    const port = chrome.runtime.connectNative('dev.tearoff.host');
    const waiting = new Map();
    let gone = null;
    port.onMessage.addListener((m) => { waiting.get(m.id)?.(m); waiting.delete(m.id); });
    port.onDisconnect.addListener(() => { gone = chrome.runtime.lastError?.message ?? 'disconnected'; });
    const ask = (msg) => new Promise((resolve, reject) => {
      if (gone) { reject(new Error(gone)); return; }
      waiting.set(msg.id, resolve);
      port.postMessage(msg);
    });
    const hello = await ask({ id: '1', type: 'hello' });
    const list = await ask({ id: '2', type: 'list' });
    const account = list.result.accounts[0].id;
    const lookalike = await ask({ id: '3', type: 'reserve', account, url: 'https://github.com.evil.example/sessions/two-factor/recovery' });
    const typo = await ask({ id: '4', type: 'reserve', account, url: 'https://g1thub.com/sessions/two-factor/recovery' });
    const http = await ask({ id: '5', type: 'reserve', account, url: 'http://github.com/sessions/two-factor/recovery' });
    const offer = await ask({ id: '6', type: 'offer', url: 'https://github.com/sessions/two-factor/recovery' });
    port.disconnect();
    return { hello, lookalike, typo, http, offer };
  });

  assert.equal(replies.hello.ok, true, JSON.stringify(replies.hello));
  assert.equal(replies.hello.id, '1');
  assert.equal(replies.hello.result.protocol, 1);
  assert.equal(replies.hello.result.backend, expectedBackend);
  assert.equal(replies.hello.result.locked, false);
  assert.deepEqual([replies.lookalike.ok, replies.lookalike.error?.code], [false, 'origin_mismatch']);
  assert.deepEqual([replies.typo.ok, replies.typo.error?.code], [false, 'origin_mismatch']);
  assert.deepEqual([replies.http.ok, replies.http.error?.code], [false, 'insecure_origin']);
  assert.equal(replies.offer.ok, true);
  assert.equal(replies.offer.result.accounts.length, 1);
  assert.ok(!JSON.stringify(replies.offer).match(/[0-9a-f]{5}-[0-9a-f]{5}/), 'offer carries no code values');
  assert.ok(await allUnused(vault), 'refused requests left the vault unchanged');
});

test('chromium: the background takes the URL from the sender and keeps management to its own pages', async (t) => {
  const { vault, driver } = await setup(t, 'chromium');
  await vault.importCodes({ site: 'github', account: 'octocat', codes: githubCodes() });
  const [acc] = await vault.list();
  const page = await driver.extensionPage('popup/popup.html');

  const replies = await page.evaluate(async (account) => {
    const send = (m) => chrome.runtime.sendMessage(m);
    return {
      hello: await send({ type: 'tearoff:host', request: { type: 'hello' } }),
      // A content-script message from a page that is not a web page's top frame:
      // the URL in the message must not count.
      reserve: await send({ type: 'tearoff:reserve', account, url: 'https://github.com/sessions/two-factor/recovery' }),
      hostReserve: await send({ type: 'tearoff:host', request: { type: 'reserve', account, url: 'https://github.com/' } }),
      bogus: await send({ type: 'tearoff:nope' }),
      sites: await send({ type: 'tearoff:sites' }),
    };
  }, acc.id);
  assert.equal(replies.hello.ok, true);
  assert.equal(replies.hello.result.backend, expectedBackend);
  assert.deepEqual(replies.reserve, { ok: false, error: { code: 'forbidden_sender', message: replies.reserve.error.message } });
  assert.equal(replies.hostReserve.error?.code, 'bad_message', 'reserve is not a management request');
  assert.equal(replies.bogus.error?.code, 'bad_message');
  assert.ok(replies.sites.result.sites.some((s) => s.id === 'github'));

  // A web page's own script cannot reach the extension at all (no externally_connectable).
  await driver.route(async () => ({ body: '<!doctype html><title>page</title><p>page</p>' }));
  const web = await driver.newPage();
  await web.goto('https://github.com/login');
  const reachable = await web.evaluate(() => typeof globalThis.chrome?.runtime?.sendMessage);
  assert.equal(reachable, 'undefined');
  assert.ok(await allUnused(vault), 'nothing was reserved');
});

test('chromium: without the host installed the popup shows the install command', async (t) => {
  const { driver } = await setup(t, 'chromium', { withHost: false });
  const page = await driver.extensionPage('popup/popup.html');
  await page.waitForSelector('#status.bad');
  const text = await page.textContent('#status');
  assert.match(text, /scripts\/install\.sh/);
  assert.match(text, /tearoff install --browser chromium/);
});
