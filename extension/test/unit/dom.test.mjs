// dom.js on fixture pages in a real Chromium (page.mjs): which inputs count, the words
// around a field, the step's submit control, values set the way frameworks notice.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {launch} from './page.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

const RECOVERY = 'https://github.com/sessions/two-factor/recovery';

test('textInputs: the visible text-like inputs only; one text-field rule with detect.js', async () => {
  const page = await browser.open('https://example.com/form', `<!doctype html><form>
    <input id=a name=a><input id=b type=search name=q><input id=c type=email name=e><input id=d type=hidden name=h>
    <input id=e type=tel name=t><input id=f style="display:none" name=f><input id=g disabled name=g><input id=h type=PASSWORD name=p>
    </form>`);
  const ids = await page.evaluate(() => TearoffDom.textInputs().map((el) => el.id));
  // type=search is not text-like (veto.js TEXTLIKE): a search box is never a code field.
  assert.deepEqual(ids, ['a', 'e', 'h']);
  const typed = await page.evaluate(() => [...TearoffVeto.TEXTLIKE].sort());
  assert.deepEqual(typed, ['', 'number', 'password', 'tel', 'text']);
  // keep() rules fields out before any visibility check.
  assert.deepEqual(await page.evaluate(() => TearoffDom.textInputs((el) => el.id !== 'a').map((el) => el.id)), ['e', 'h']);
  await page.close();
});

test('headingText, describe and describeOwn on GitHub\'s recovery step', async () => {
  const page = await browser.open(RECOVERY, 'github-recovery.html');
  const f = await page.evaluate(() => {
    const el = document.getElementById('recovery_code');
    return {heading: TearoffDom.headingText(el), own: TearoffDom.describeOwn(el), bare: TearoffDom.describeOwn(el, {bare: true}), full: TearoffDom.describe(el)};
  });
  assert.equal(f.heading, 'Two-factor recovery');
  assert.equal(f.own.label, 'Recovery code');
  assert.equal(f.own.name, 'recovery_code');
  assert.equal(f.own.placeholder, 'XXXXX-XXXXX');
  assert.equal(f.bare.label, '', 'bare: attributes only');
  assert.equal(f.full.heading, 'Two-factor recovery');
  assert.equal(f.full.soleInput, true, 'the hidden token input does not count');
  await page.close();
});

test('isSubmitControl: the form\'s submit button, not other controls', async () => {
  const page = await browser.open(RECOVERY, 'github-recovery.html');
  const r = await page.evaluate(() => {
    const input = document.getElementById('recovery_code');
    const other = document.createElement('button');
    other.textContent = 'Verify';
    document.body.append(other); // reads like a submit, but outside the step
    return {
      submit: TearoffDom.isSubmitControl(document.querySelector('button[type=submit]'), input),
      field: TearoffDom.isSubmitControl(input, input),
      label: TearoffDom.isSubmitControl(document.querySelector('label'), input),
      outside: TearoffDom.isSubmitControl(other, input),
    };
  });
  assert.deepEqual(r, {submit: true, field: false, label: false, outside: false});
  await page.close();
});

test('errorText reads only what is shown: a pre-rendered hidden error is not there', async () => {
  const page = await browser.open('https://gitlab.com/users/sign_in?hidden-error', 'gitlab-otp.html');
  const text = () => page.evaluate(() => TearoffDom.errorText(document.getElementById('user_otp_attempt')));
  assert.doesNotMatch(await text(), /Invalid two-factor code/);
  await page.evaluate(() => document.getElementById('hidden-error-1').removeAttribute('hidden'));
  assert.match(await text(), /Invalid two-factor code/);
  await page.close();
});

test('setValue: the page\'s own input and change listeners see the value', async () => {
  const page = await browser.open(RECOVERY, 'github-recovery.html');
  const seen = await page.evaluate(() => {
    const el = document.getElementById('recovery_code');
    const events = [];
    for (const type of ['input', 'change']) el.addEventListener(type, (ev) => events.push(`${ev.type}:${ev.target.value}`));
    TearoffDom.setValue(el, 'a1b2c-3d4e5');
    return events;
  });
  assert.deepEqual(seen, ['input:a1b2c-3d4e5', 'change:a1b2c-3d4e5']);
  await page.close();
});

test('anchorFor: right after a lone field; the shared box of segmented boxes', async () => {
  const page = await browser.open('https://example.com/otp', `<!doctype html><h1>Two-factor authentication</h1>
    <label id=l>Code <input id=one name=otp></label>
    <div id=boxes>${[1, 2, 3, 4, 5, 6].map((i) => `<span><input id=b${i} maxlength=1></span>`).join('')}</div>`);
  const r = await page.evaluate(() => ({
    label: TearoffDom.anchorFor([document.getElementById('one')]).id,
    groups: TearoffDom.segmentGroups(TearoffDom.textInputs()).map((g) => g.map((el) => el.id)),
    boxes: TearoffDom.anchorFor([...document.querySelectorAll('#boxes input')]).id,
  }));
  assert.deepEqual(r, {label: 'l', groups: [['b1', 'b2', 'b3', 'b4', 'b5', 'b6']], boxes: 'boxes'});
  await page.close();
});
