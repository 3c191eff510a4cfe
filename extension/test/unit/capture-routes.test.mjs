// router.js's capture and readiness messages, and background/pages.js, against a fake
// host: the page URL is always the sender's, bad fields never reach the host, and the
// options' switch stops note_2fa_site before the host.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRouter } from '../../src/background/router.js';
import { pagesOf, publishPages, readinessOn } from '../../src/background/pages.js';
import { catalogue } from './helpers.mjs';

const ID = 'ilnhmhihgldhhcngjcehlcaknikjkmaj';
const ORIGIN = `chrome-extension://${ID}/`;
const PAGE = 'https://github.com/settings/auth/recovery-codes';
const fromTab = { id: ID, frameId: 0, url: PAGE, tab: { id: 7, url: PAGE } };
const fromPopup = { id: ID, url: `${ORIGIN}popup/popup.html` };

function routed({ on = true } = {}) {
  const sent = [];
  const client = { generation: 1, async request(msg) { sent.push(msg); return { ok: true, result: {} }; } };
  return { sent, router: createRouter({ client, extensionId: ID, extensionOrigin: ORIGIN, readinessOn: async () => on }) };
}

test('capture messages carry the sender\'s URL to the host, never one of the message', async () => {
  const { sent, router } = routed();
  await router.handle({ type: 'tearoff:parse_codes', text: 'a1b2c-3d4e5', url: 'https://evil.example/' }, fromTab);
  await router.handle({ type: 'tearoff:capture', account: 'octocat', text: 'a1b2c-3d4e5', url: 'https://evil.example/' }, fromTab);
  await router.handle({ type: 'tearoff:note_2fa_site', url: 'https://evil.example/' }, fromTab);
  assert.deepEqual(sent, [
    { type: 'parse_codes', url: PAGE, text: 'a1b2c-3d4e5' },
    { type: 'capture', url: PAGE, account: 'octocat', text: 'a1b2c-3d4e5' },
    { type: 'note_2fa_site', url: PAGE },
  ]);
});

test('bad capture messages and other senders never reach the host', async () => {
  const cases = [
    ['no text', { type: 'tearoff:parse_codes' }, fromTab, 'bad_message'],
    ['empty text', { type: 'tearoff:capture', account: 'a', text: '' }, fromTab, 'bad_message'],
    ['text too long', { type: 'tearoff:capture', account: 'a', text: 'x'.repeat(16 * 1024 + 1) }, fromTab, 'bad_message'],
    ['account not a string', { type: 'tearoff:capture', account: 7, text: 'a1b2c-3d4e5' }, fromTab, 'bad_message'],
    ['from a subframe', { type: 'tearoff:capture', account: 'a', text: 'x' }, { ...fromTab, frameId: 2 }, 'forbidden_sender'],
    ['from the popup', { type: 'tearoff:capture', account: 'a', text: 'x' }, fromPopup, 'forbidden_sender'],
    ['capture through tearoff:host', { type: 'tearoff:host', request: { type: 'capture', url: PAGE, account: 'a', text: 'x' } }, fromPopup, 'bad_message'],
    ['readiness from a page', { type: 'tearoff:host', request: { type: 'readiness' } }, fromTab, 'forbidden_sender'],
  ];
  for (const [name, message, sender, code] of cases) {
    const { sent, router } = routed();
    const reply = await router.handle(message, sender);
    assert.equal(reply.error?.code, code, name);
    assert.equal(sent.length, 0, name);
  }
});

test('the popup may ask for the readiness list and dismiss an entry', async () => {
  const { sent, router } = routed();
  assert.ok((await router.handle({ type: 'tearoff:host', request: { type: 'readiness' } }, fromPopup)).ok);
  assert.ok((await router.handle({ type: 'tearoff:host', request: { type: 'dismiss_readiness', domain: 'example.com' } }, fromPopup)).ok);
  assert.deepEqual(sent, [{ type: 'readiness' }, { type: 'dismiss_readiness', domain: 'example.com' }]);
});

test('with the readiness list off, note_2fa_site does not reach the host', async () => {
  const { sent, router } = routed({ on: false });
  const reply = await router.handle({ type: 'tearoff:note_2fa_site' }, fromTab);
  assert.deepEqual(reply, { ok: true, result: { noted: false } });
  assert.equal(sent.length, 0);
});

test('readinessOn: on unless switched off; an unreadable setting records nothing', async () => {
  const store = (v) => ({ get: async () => v });
  assert.equal(await readinessOn(store({})), true);
  assert.equal(await readinessOn(store({ tearoff_readiness_off: false })), true);
  assert.equal(await readinessOn(store({ tearoff_readiness_off: true })), false);
  assert.equal(await readinessOn({ get: async () => { throw new Error('gone'); } }), false);
});

test('the published pages are the catalogue\'s capture and phone pages, and only their patterns', async () => {
  const sites = catalogue();
  const pages = pagesOf(sites);
  assert.deepEqual(pages.map((p) => p.id).sort(), ['github', 'gitlab', 'google', 'npm', 'pypi', 'x']);
  assert.deepEqual(Object.keys(pages[0]).sort(), ['capture', 'domains', 'id', 'name', 'phone_url']);
  assert.equal(pages.find((p) => p.id === 'x').phone_url, '^/settings/phone/?$');
  let saved = null;
  assert.equal(await publishPages(async () => ({ ok: true, result: { sites } }), { set: async (v) => { saved = v; } }), true);
  assert.deepEqual(saved, { tearoff_pages: pages });
  saved = null;
  assert.equal(await publishPages(async () => ({ ok: false, error: { code: 'host_missing' } }), { set: async (v) => { saved = v; } }), false);
  assert.equal(saved, null, 'a failed ask keeps the last list');
});
