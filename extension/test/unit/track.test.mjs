// track.js on GitHub's recovery fixture in a real Chromium (page.mjs): a filled code is
// recorded on the step's submit (form submit, Enter, the field leaving), and goes back
// when the person changes it or dismisses the offer. Real clicks and keys (playwright).
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {launch} from './page.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

const URL = 'https://github.com/sessions/two-factor/recovery';
const CODE = 'a1b2c-3d4e5';

// A page with a code filled by track.js; window.__hooks records the hook calls.
async function filled(fixture = 'github-recovery.html') {
  const page = await browser.open(URL, fixture);
  const ok = await page.evaluate((code) => {
    window.__hooks = [];
    TearoffTrack.start({
      username: (u) => window.__hooks.push(`username:${u}`),
      consumed: (f, r, err) => window.__hooks.push(`consumed:${r?.remaining ?? err?.code}`),
      released: () => window.__hooks.push('released'),
    });
    const input = document.getElementById('recovery_code');
    return TearoffTrack.fill([input], {code_id: 'c1', code}, {account: 'octocat', site: null, key: 'k'});
  }, CODE);
  assert.equal(ok, true);
  assert.equal(await page.inputValue('#recovery_code'), CODE);
  return page;
}

const state = (page) =>
  page.evaluate(() => ({
    sent: window.__sent.map((m) => `${m.type}:${m.code_id}`),
    hooks: window.__hooks,
    active: TearoffTrack.active(),
  }));
const settled = (page) => page.waitForFunction(() => window.__hooks.length > 0);

test('a click on the step\'s submit button records the code, once', async () => {
  const page = await filled();
  await page.click('button[type=submit]');
  await settled(page);
  assert.deepEqual(await state(page), {sent: ['tearoff:consume:c1'], hooks: ['consumed:9'], active: false});
  assert.equal(await page.evaluate(() => document.body.dataset.submitted), CODE);
  assert.equal(await page.evaluate(() => TearoffTrack.lastConsumed()?.reason), 'click');
  await page.close();
});

test('Enter in the field records the code', async () => {
  const page = await filled();
  await page.focus('#recovery_code');
  await page.keyboard.press('Enter');
  await settled(page);
  assert.deepEqual((await state(page)).sent, ['tearoff:consume:c1']);
  assert.equal(await page.evaluate(() => TearoffTrack.lastConsumed()?.reason), 'enter');
  await page.close();
});

test('the person typing over the code gives it back, and a later submit records nothing', async () => {
  const page = await filled();
  await page.focus('#recovery_code');
  await page.keyboard.press('End');
  await page.keyboard.type('x');
  await settled(page);
  assert.deepEqual(await state(page), {sent: ['tearoff:release:c1'], hooks: ['released'], active: false});
  await page.click('button[type=submit]');
  assert.equal(await page.evaluate(() => document.body.dataset.submitted), `${CODE}x`);
  assert.deepEqual((await state(page)).sent, ['tearoff:release:c1']);
  await page.close();
});

test('dismissing releases and clears the field; the page sees the value go', async () => {
  const page = await filled();
  await page.evaluate(() => TearoffTrack.release({clear: true}));
  assert.equal(await page.inputValue('#recovery_code'), '');
  assert.deepEqual(await state(page), {sent: ['tearoff:release:c1'], hooks: ['released'], active: false});
  await page.close();
});

test('the field leaving the page with the code in it counts as submitted', async () => {
  const page = await filled();
  assert.equal((await state(page)).active, true);
  await page.evaluate(() => document.getElementById('recovery-form').remove());
  assert.equal(await page.evaluate(() => TearoffTrack.active()), false);
  await settled(page);
  assert.deepEqual((await state(page)).sent, ['tearoff:consume:c1']);
  assert.equal(await page.evaluate(() => TearoffTrack.lastConsumed()?.reason), 'removed');
  await page.close();
});

test('rejected: only the site\'s answer after our submit, not the error already shown', async () => {
  // An earlier attempt's error is on screen when our code leaves; the page answers
  // only when the test says so.
  const page = await filled(`<!doctype html><main><div id=flash><div role=alert>Invalid code. Try again.</div></div>
    <form id=f onsubmit="event.preventDefault()"><label for=recovery_code>Recovery code</label>
    <input id=recovery_code name=recovery_code><button type=submit>Verify</button></form></main>`);
  const step = () => page.evaluate(() => TearoffTrack.rejected({inputs: [document.getElementById('recovery_code')], key: 'k', site: null}));
  // Before any submit of ours, generic words are not a rejection: they may be instructions.
  assert.equal(await step(), null);
  await page.click('button[type=submit]');
  await settled(page);
  assert.equal(await step(), null, 'the same text as when the code left: no answer yet');
  await page.evaluate(() => {
    document.getElementById('flash').innerHTML = '<div role=alert>Incorrect recovery code.</div>';
  });
  assert.equal(await step(), 'incorrect', 'the site\'s answer, right after our own submit');
  await page.close();
});
