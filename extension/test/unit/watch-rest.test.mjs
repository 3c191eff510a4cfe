// watch.js on a real page in Chromium (page.mjs): a busy page without a code field gets
// its observer rested, and an input that appears meanwhile is still seen at once (by
// the poll); a calm page keeps its observer; a candidate field ends the rest.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {launch} from './page.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

// A feed that changes every few ms until window.halt is set; no inputs.
const BUSY = `<!doctype html><section id=feed>${'<article><p>Story <span>0</span></p></article>'.repeat(200)}</section>
<script>
  let n = 0;
  const items = document.querySelectorAll('#feed article');
  const tick = () => {
    for (let k = 0; k < 10; k++, n++) items[n % items.length].querySelector('span').textContent = String(n);
    if (!window.halt) setTimeout(tick, 2);
  };
  tick();
</script>`;

// Starts the watch in the page; window.__calls records each call, and whether the
// observer was resting at that moment. A minute-long rest: the poll, not the end of the
// rest, must be what sees an input.
const startWatch = (page) =>
  page.evaluate(() => {
    window.__calls = [];
    const rec = (kind) => () => window.__calls.push({kind, resting: window.__w.resting(), ours: !!document.getElementById('ours')});
    window.__w = TearoffWatch.start({now: rec('now'), later: rec('later'), rests: {min: 60_000, max: 60_000}});
  });

test('a busy page without a code field: the observer rests, and a new input is still seen', async () => {
  const page = await browser.open('https://news.example/feed', BUSY);
  await startWatch(page);
  await page.waitForFunction(() => window.__w.resting());
  const [calls, busy] = await page.evaluate(() => [window.__calls.length, TearoffWatch.BUSY_CALLS]);
  assert.ok(calls > busy, `rested after ${calls} callbacks`);
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<form><input id=ours name=otp></form>'));
  await page.waitForFunction(() => window.__calls.some((c) => c.ours && c.kind === 'now'));
  const call = await page.evaluate(() => window.__calls.find((c) => c.ours && c.kind === 'now'));
  assert.equal(call.resting, true, 'seen by the poll while the observer rests');
  assert.equal(await page.evaluate(() => window.__w.resting()), true);
  // A field that may be a code field: the observer is back, attributes included.
  await page.evaluate(() => window.__w.candidateSeen());
  assert.equal(await page.evaluate(() => window.__w.resting()), false);
  await page.evaluate(() => {
    window.halt = true;
    window.__calls.length = 0;
    document.getElementById('ours').hidden = true;
  });
  await page.waitForFunction(() => window.__calls.some((c) => c.kind === 'later'));
  await page.close();
});

test('a calm page keeps its observer: an input is seen by it, at once', async () => {
  const page = await browser.open('https://news.example/calm', '<!doctype html><main><p>Hello</p></main>');
  await startWatch(page);
  for (let i = 0; i < 5; i++) await page.evaluate((i) => document.querySelector('main').append(`line ${i}`), i);
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<input id=ours>'));
  await page.waitForFunction(() => window.__calls.some((c) => c.ours));
  const calls = await page.evaluate(() => window.__calls);
  assert.deepEqual(calls.at(-1), {kind: 'now', resting: false, ours: true});
  assert.ok(calls.every((c) => !c.resting));
  await page.close();
});
