// watch.js on a real page in Chromium (page.mjs, with the manifest's stylesheet): the
// observer sees a new code field within the same task; before any candidate it asks for
// no other look, and once one is seen it reports once per look however busy the page
// is; the sentinel sees a code field while the observer rests or waits, or when it is
// shown by a style flip, enabled or given a text type (never a search box, a disabled or
// a read-only field).
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {launch} from './page.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

// A feed that changes every few ms until window.halt is set; window.ticks counts its
// changes, the clock the test waits on. No inputs.
const BUSY = `<!doctype html><section id=feed>${'<article><p>Story <span>0</span></p></article>'.repeat(200)}</section>
<script>
  window.ticks = 0;
  const items = document.querySelectorAll('#feed article');
  const tick = () => {
    for (let k = 0; k < 10; k++, window.ticks++) items[window.ticks % items.length].querySelector('span').textContent = String(window.ticks);
    if (!window.halt) setTimeout(tick, 2);
  };
  tick();
</script>`;

// Starts the watch in the page; window.__calls records each call, whether the observer
// was waiting (not connected) at that moment, and whether our field was in the page.
// The caller plays the look: nothing calls rearm() or candidateSeen() unless the test does.
const startWatch = (page) =>
  page.evaluate(() => {
    window.__calls = [];
    const rec = (kind) => () => window.__calls.push({kind, waiting: window.__w.waiting(), ours: !!document.getElementById('ours')});
    window.__w = TearoffWatch.start({now: rec('now'), later: rec('later'), askAttributes: ['data-ask']});
  });

const calls = (page) => page.evaluate(() => window.__calls);
const ticksPast = (page, n) => page.waitForFunction((n) => window.ticks >= n, n);

// In the page: once the observer is resting (between changes on a busy page), appends
// `html` to the body in the same task, so that the rest cannot end in between.
const appendWhileResting = (page, html) => page.evaluate((html) => new Promise((resolve) => {
  const check = () => {
    if (!window.__w.waiting()) return requestAnimationFrame(check);
    document.body.insertAdjacentHTML('beforeend', html);
    resolve();
  };
  check();
}), html);

test('a busy page before any candidate: the observer asks for no look, and a code field added while it rests is seen by the sentinel', async () => {
  const page = await browser.open('https://news.example/feed', BUSY);
  await startWatch(page);
  // Hundreds of changes: nothing asked; the observer rests and watches again.
  await ticksPast(page, (await page.evaluate(() => window.ticks)) + 500);
  assert.deepEqual(await calls(page), []);

  // A search box, a disabled or a read-only field cannot take a typed code: the sentinel
  // does not animate them at all, so they ask for nothing.
  assert.deepEqual(await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<input type=search id=q><input id=off name=otp2 disabled><input id=ro name=otp3 readonly>');
    return ['q', 'off', 'ro'].map((id) => getComputedStyle(document.getElementById(id)).animationName);
  }), ['none', 'none', 'none']);
  assert.deepEqual(await calls(page), []);

  await appendWhileResting(page, '<form><input id=ours name=otp></form>');
  await page.waitForFunction(() => window.__calls.some((c) => c.ours));
  assert.deepEqual(await calls(page), [{kind: 'now', waiting: true, ours: true}], 'seen by the sentinel');
  assert.equal(await page.evaluate(() => window.__w.sentinelWorks()), true);
  await page.evaluate(() => (window.halt = true));
  await page.close();
});

test('once a candidate is seen, a busy page gets one report per look', async () => {
  const page = await browser.open('https://news.example/feed', BUSY);
  await startWatch(page);
  assert.equal(await page.evaluate(() => (window.__w.candidateSeen(), window.__w.waiting())), false);
  await page.waitForFunction(() => window.__calls.length > 0);
  // Hundreds of changes later, still the one report: nothing looked, nothing rearmed.
  await ticksPast(page, (await page.evaluate(() => window.ticks)) + 500);
  assert.deepEqual(await calls(page), [{kind: 'later', waiting: true, ours: false}]);

  // The look rearms: the next change is reported again, once.
  assert.equal(await page.evaluate(() => (window.__w.rearm(), window.__w.waiting())), false);
  await page.waitForFunction(() => window.__calls.length === 2);
  await ticksPast(page, (await page.evaluate(() => window.ticks)) + 500);
  assert.deepEqual((await calls(page)).slice(1), [{kind: 'later', waiting: true, ours: false}]);
  await page.evaluate(() => (window.halt = true));
  await page.close();
});

test('a calm page: the observer sees a new code field in the same task, candidate or not', async () => {
  const page = await browser.open('https://news.example/calm', '<!doctype html><main><p>Hello</p></main>');
  await startWatch(page);
  // The observer's callback is a microtask queued by the insertion, so it has run by
  // the time this function's own awaits resume: before any frame or timer.
  const seen = await page.evaluate(async () => {
    document.addEventListener('animationstart', () => (window.__animated = true), true);
    document.querySelector('main').insertAdjacentHTML('beforeend', '<input id=ours>');
    await Promise.resolve();
    return window.__calls.slice();
  });
  assert.deepEqual(seen, [{kind: 'now', waiting: true, ours: true}]);
  // Its animation comes a frame later and asks for nothing more: the look has seen it.
  // (This listener was added after the watch's, so it runs after it.)
  await page.waitForFunction(() => window.__animated);
  assert.deepEqual(await calls(page), [{kind: 'now', waiting: true, ours: true}]);
  await page.close();
});

test('a field shown by a style flip is seen by the sentinel; once a candidate is seen, attribute changes are reported', async () => {
  const page = await browser.open('https://login.example/two-factor',
    '<!doctype html><main><div id=step style="display:none"><label>Code <input id=ours name=otp></label></div></main>');
  await startWatch(page);
  await page.evaluate(() => (document.getElementById('step').style.display = 'block'));
  await page.waitForFunction(() => window.__calls.length > 0);
  // The observer did not see the style change (no candidate yet): the sentinel did.
  assert.deepEqual(await calls(page), [{kind: 'now', waiting: false, ours: true}]);

  await page.evaluate(() => {
    window.__w.candidateSeen();
    document.getElementById('step').hidden = true;
  });
  await page.waitForFunction(() => window.__calls.length > 1);
  assert.deepEqual((await calls(page)).at(-1), {kind: 'later', waiting: true, ours: true});
  await page.close();
});

test('a change of an ask attribute (the test probe) asks for a look at once, candidate or not', async () => {
  const page = await browser.open('https://news.example/calm', '<!doctype html><main><p>Hello</p></main>');
  await startWatch(page);
  await page.evaluate(() => document.documentElement.setAttribute('data-ask', '1'));
  await page.waitForFunction(() => window.__calls.length > 0);
  assert.deepEqual(await calls(page), [{kind: 'now', waiting: false, ours: false}]);
  // With the observer connected, the same change is still one report, not two: both
  // observers' callbacks are microtasks of the change, run before the await resumes.
  const after = await page.evaluate(async () => {
    window.__w.candidateSeen();
    document.documentElement.setAttribute('data-ask', '2');
    await Promise.resolve();
    return window.__calls.slice(1);
  });
  assert.deepEqual(after, [{kind: 'now', waiting: false, ours: false}]);
  await page.close();
});

test('a page whose styles stop the animation: the sentinel is known not to work, and focus asks instead', async () => {
  const page = await browser.open('https://news.example/still', `${BUSY}<style>input { animation: none !important; }</style>`);
  await startWatch(page);
  await appendWhileResting(page, '<form><input id=ours name=otp></form>');
  // Hundreds of changes later: no report of the field, and the watch knows the sentinel is silent.
  await ticksPast(page, (await page.evaluate(() => window.ticks)) + 300);
  assert.deepEqual(await calls(page), []);
  assert.equal(await page.evaluate(() => window.__w.sentinelWorks()), false);
  await page.focus('#ours');
  assert.deepEqual(await calls(page), [{kind: 'now', waiting: true, ours: true}], 'asked by the focus');
  await page.evaluate(() => (window.halt = true));
  await page.close();
});

test('a code field enabled or given a text type is seen by the sentinel', async () => {
  const page = await browser.open('https://news.example/later', `${BUSY}<form><input type=search id=q><input id=off name=otp disabled></form>`);
  await startWatch(page);
  const asks = async (change) => {
    const before = (await calls(page)).length;
    await page.evaluate(change);
    await page.waitForFunction((n) => window.__calls.length > n, before);
    return (await calls(page)).slice(before).map((c) => c.kind);
  };
  assert.deepEqual(await asks(() => (document.getElementById('off').disabled = false)), ['now'], 'a field enabled');
  assert.deepEqual(await asks(() => (document.getElementById('q').type = 'text')), ['now'], 'a search box turned text');
  await page.evaluate(() => (window.halt = true));
  await page.close();
});

test("watch.css's sentinel rule animates exactly the inputs watch.js counts as code-capable", async () => {
  const page = await browser.open('https://news.example/calm', '<!doctype html><main><p>Hello</p></main>');
  const codeInput = await page.evaluate(() => TearoffWatch.CODE_INPUT);
  await page.close();
  const css = readFileSync(new URL('../../src/content/watch.css', import.meta.url), 'utf8');
  const rule = css.match(/:where\((.+)\)\s*\{\s*animation:\s*tearoff-input-seen /);
  assert.ok(rule, 'the sentinel rule');
  assert.equal(rule[1], codeInput);
});
