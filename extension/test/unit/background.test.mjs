// The background's channel (native.js) and message gate (router.js) against a fake
// port and fake senders. The real port and host are covered by test/e2e.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NativeClient, classifyDisconnect } from '../../src/background/native.js';
import { createRouter } from '../../src/background/router.js';

function event() {
  const listeners = [];
  return { addListener: (fn) => listeners.push(fn), fire: (...a) => listeners.forEach((fn) => fn(...a)) };
}

/** A fake Port; `answer(msg)` returns the reply the "host" sends, or undefined for none. */
function fakeConnect(answer) {
  const ports = [];
  const connect = () => {
    const port = { onMessage: event(), onDisconnect: event(), sent: [] };
    port.postMessage = (msg) => {
      port.sent.push(msg);
      const reply = answer(msg, port);
      if (reply) queueMicrotask(() => port.onMessage.fire(reply));
    };
    ports.push(port);
    return port;
  };
  return { connect, ports };
}

test('classifyDisconnect maps both browsers\' texts', () => {
  const cases = [
    ['Specified native messaging host not found.', 'host_missing'],
    ['No such native application dev.tearoff.host', 'host_missing'],
    ['Access to the specified native messaging host is forbidden.', 'host_forbidden'],
    ['Failed to start native messaging host.', 'host_failed'],
    ['Native host has exited.', 'host_exited'],
    ['', 'host_exited'],
    [undefined, 'host_exited'],
  ];
  for (const [text, code] of cases) assert.equal(classifyDisconnect(text), code, String(text));
});

test('requests get ids, replies are matched by id, and ids are not taken from the caller', async () => {
  const { connect, ports } = fakeConnect((msg) => ({ id: msg.id, ok: true, result: { echo: msg.type } }));
  const client = new NativeClient(connect);
  const [a, b] = await Promise.all([client.request({ type: 'hello' }), client.request({ type: 'list', id: 'evil' })]);
  assert.deepEqual(a, { ok: true, result: { echo: 'hello' } });
  assert.deepEqual(b, { ok: true, result: { echo: 'list' } });
  assert.equal(ports.length, 1, 'one persistent port');
  assert.deepEqual(ports[0].sent.map((m) => m.id), ['1', '2']);
});

test('error replies keep code and message, and already_used\'s when and where, nothing else', async () => {
  const used = { at: '2026-11-25T21:00:00Z', on: 'another_device' };
  const replies = [
    { error: { code: 'already_used', message: 'spent', used, extra: 1 }, want: { code: 'already_used', message: 'spent', used } },
    { error: { code: 'already_used', message: 'spent', used: { at: 5 } }, want: { code: 'already_used', message: 'spent' } },
    { error: { code: 'not_found', message: 'no such code', stack: 'x' }, want: { code: 'not_found', message: 'no such code' } },
  ];
  const { connect } = fakeConnect((msg) => ({ id: msg.id, ok: false, error: replies[Number(msg.id) - 1].error }));
  const client = new NativeClient(connect);
  for (const { want } of replies) assert.deepEqual((await client.request({ type: 'mark_used' })).error, want);
});

test('a disconnect settles every pending request with the mapped error, then reconnects', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let lastError;
  const { connect, ports } = fakeConnect(() => undefined); // the host never answers
  const client = new NativeClient(connect, { lastError: () => lastError });
  const pending = [client.request({ type: 'hello' }), client.request({ type: 'list' })];
  lastError = { message: 'Specified native messaging host not found.' };
  ports[0].onDisconnect.fire(ports[0]);
  lastError = undefined;
  for (const reply of await Promise.all(pending)) assert.equal(reply.error.code, 'host_missing');
  assert.equal(ports.length, 1);
  t.mock.timers.tick(500); // first backoff step
  assert.equal(ports.length, 2, 'reconnected after the backoff');
  assert.ok(client.generation >= 2);
});

test('a request with no reply times out with host_timeout', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { connect } = fakeConnect(() => undefined);
  const client = new NativeClient(connect, { timeoutMs: 1000 });
  const reply = client.request({ type: 'hello' });
  t.mock.timers.tick(1000);
  assert.equal((await reply).error.code, 'host_timeout');
});

test('an id-less refusal before exit (unknown_caller) is what pending requests report', async () => {
  const { connect, ports } = fakeConnect((msg, port) => {
    queueMicrotask(() => {
      port.onMessage.fire({ id: '', ok: false, error: { code: 'unknown_caller', message: 'not installed for this id' } });
      port.onDisconnect.fire(port);
    });
  });
  const client = new NativeClient(connect);
  const reply = await client.request({ type: 'hello' });
  assert.deepEqual(reply.error, { code: 'unknown_caller', message: 'not installed for this id' });
  assert.equal(ports.length, 1);
});

const ID = 'ilnhmhihgldhhcngjcehlcaknikjkmaj';
const ORIGIN = `chrome-extension://${ID}/`;
const PAGE = 'https://github.com/sessions/two-factor/recovery';
const fromTab = (over = {}) => ({ id: ID, frameId: 0, url: PAGE, tab: { id: 7, url: PAGE }, ...over });
const fromPopup = { id: ID, url: `${ORIGIN}popup/popup.html` };

function routerWithRecorder() {
  const sent = [];
  const client = {
    generation: 1,
    async request(msg) {
      sent.push(msg);
      if (msg.type === 'offer') return { ok: true, result: { site: 'github', accounts: [] } };
      return { ok: true, result: { type: msg.type } };
    },
  };
  return { sent, client, router: createRouter({ client, extensionId: ID, extensionOrigin: ORIGIN }) };
}

test('content messages: the URL comes from the sender, never the message', async () => {
  const { sent, router } = routerWithRecorder();
  await router.handle({ type: 'tearoff:reserve', account: 'acc1', url: 'https://evil.example/' }, fromTab());
  await router.handle({ type: 'tearoff:consume', code_id: 'c1', url: 'https://evil.example/' }, fromTab());
  await router.handle({ type: 'tearoff:release', code_id: 'c1' }, fromTab());
  assert.deepEqual(sent, [
    { type: 'reserve', account: 'acc1', url: PAGE },
    { type: 'consume', code_id: 'c1', url: PAGE },
    { type: 'release', code_id: 'c1' },
  ]);
});

test('content messages are refused from subframes, without a tab, from other ids and from extension pages', async () => {
  const cases = [
    ['subframe', fromTab({ frameId: 3 })],
    ['no tab', { id: ID, frameId: 0, url: PAGE }],
    ['other extension', fromTab({ id: 'abcdefghijklmnopabcdefghijklmnop' })],
    ['extension page', { ...fromPopup, frameId: 0, tab: { id: 2, url: `${ORIGIN}popup/popup.html` } }],
    ['no sender', undefined],
  ];
  for (const [name, sender] of cases) {
    const { sent, router } = routerWithRecorder();
    const reply = await router.handle({ type: 'tearoff:offer' }, sender);
    assert.equal(reply.error?.code, 'forbidden_sender', name);
    assert.equal(sent.length, 0, name);
  }
});

test('management requests only from the extension\'s own pages, and only known types', async () => {
  const cases = [
    ['popup hello', { type: 'tearoff:host', request: { type: 'hello' } }, fromPopup, true],
    ['popup import', { type: 'tearoff:host', request: { type: 'import', site: 'github', account: 'a', text: 'x' } }, fromPopup, true],
    ['content script import', { type: 'tearoff:host', request: { type: 'import' } }, fromTab(), false],
    ['popup reserve', { type: 'tearoff:host', request: { type: 'reserve', account: 'a', url: PAGE } }, fromPopup, false],
    // A code for another device, or a code marked used, only at the person's word in the popup.
    ['popup hand_out', { type: 'tearoff:host', request: { type: 'hand_out', account: 'a' } }, fromPopup, true],
    ['content script hand_out', { type: 'tearoff:host', request: { type: 'hand_out', account: 'a' } }, fromTab(), false],
    ['content script mark_used', { type: 'tearoff:host', request: { type: 'mark_used', account: 'a', code: 'x' } }, fromTab(), false],
    ['content script set_current', { type: 'tearoff:host', request: { type: 'set_current', account: 'a', code: 'x' } }, fromTab(), false],
    ['content message hand_out', { type: 'tearoff:hand_out', account: 'a' }, fromTab(), false],
    ['no request', { type: 'tearoff:host' }, fromPopup, false],
    ['unknown type', { type: 'tearoff:other' }, fromPopup, false],
    ['not an object', 'hello', fromPopup, false],
  ];
  for (const [name, message, sender, ok] of cases) {
    const { sent, router } = routerWithRecorder();
    const reply = await router.handle(message, sender);
    assert.equal(reply.ok, ok, name);
    assert.equal(sent.length, ok ? 1 : 0, name);
  }
});

test('the caller cannot choose the host request id', async () => {
  const { sent, router } = routerWithRecorder();
  await router.handle({ type: 'tearoff:host', request: { type: 'list', id: '99' } }, fromPopup);
  assert.deepEqual(sent, [{ type: 'list' }]);
});

test('usernames are remembered per tab and site, in memory, and forgotten with the tab', async () => {
  const { router } = routerWithRecorder();
  assert.deepEqual((await router.handle({ type: 'tearoff:username', username: ' octocat ' }, fromTab())).result, { username: 'octocat' });
  assert.equal((await router.handle({ type: 'tearoff:username' }, fromTab())).result.username, 'octocat');
  assert.equal((await router.handle({ type: 'tearoff:username' }, fromTab({ tab: { id: 8, url: PAGE } }))).result.username, null);
  router.forgetTab(7);
  assert.equal((await router.handle({ type: 'tearoff:username' }, fromTab())).result.username, null);
  assert.equal((await router.handle({ type: 'tearoff:username', username: 42 }, fromTab())).error.code, 'bad_message');
});

test('the site catalogue is cached per connection', async () => {
  const { sent, client, router } = routerWithRecorder();
  await router.handle({ type: 'tearoff:sites' }, fromTab());
  await router.handle({ type: 'tearoff:sites' }, fromPopup);
  assert.equal(sent.length, 1);
  client.generation++;
  await router.handle({ type: 'tearoff:sites' }, fromTab());
  assert.equal(sent.length, 2, 'a new connection asks again');
});

test('tearoff:finder injects the finder into the top frame that asked, and only there', async () => {
  const injected = [];
  let fail = false;
  const client = { generation: 1, request: async () => ({ ok: true, result: {} }) };
  const router = createRouter({
    client, extensionId: ID, extensionOrigin: ORIGIN,
    injectFinder: async (sender) => {
      if (fail) throw new Error('Cannot access contents of the page');
      injected.push(sender);
    },
  });
  assert.deepEqual(await router.handle({ type: 'tearoff:finder' }, fromTab()), { ok: true, result: {} });
  assert.deepEqual(injected.map((s) => [s.tab.id, s.frameId]), [[7, 0]]);
  for (const [name, sender] of [['a frame', fromTab({ frameId: 3 })], ['the popup', fromPopup], ['another extension', fromTab({ id: 'x'.repeat(32) })]]) {
    const reply = await router.handle({ type: 'tearoff:finder' }, sender);
    assert.equal(reply.error?.code, 'forbidden_sender', name);
  }
  assert.equal(injected.length, 1);
  fail = true;
  const reply = await router.handle({ type: 'tearoff:finder' }, fromTab());
  assert.equal(reply.ok, false);
  assert.match(reply.error.message, /Cannot access/);
});
