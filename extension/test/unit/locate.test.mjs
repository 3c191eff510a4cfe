// locate.js on fixture pages in a real Chromium (page.mjs), with the host's catalogue:
// which field is the step, its kind and action; ordinary pages never ask the background.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {launch} from './page.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

// The step found on the page, as plain data, and the messages the search sent.
async function find(url, fixture, prepare) {
  const page = await browser.open(url, fixture);
  if (prepare) await page.evaluate(prepare);
  const r = await page.evaluate(async () => {
    const s = await TearoffLocate.findStep();
    return {
      step: s && {ids: s.inputs.map((el) => el.id), kind: s.kind, action: s.action, site: s.site?.id ?? null, key: s.key},
      sawCandidate: TearoffLocate.sawCandidate(),
      sent: window.__sent.map((m) => m.type).sort(),
    };
  });
  await page.close();
  return r;
}

test('GitHub\'s recovery step: the backup field, filled in place', async () => {
  const r = await find('https://github.com/sessions/two-factor/recovery', 'github-recovery.html');
  assert.deepEqual(r.step, {ids: ['recovery_code'], kind: 'backup', action: 'fill', site: 'github', key: 'github|backup|/sessions/two-factor/recovery'});
  // The catalogue and (ahead of the offer) the page's offer, once each.
  assert.deepEqual(r.sent, ['tearoff:offer', 'tearoff:sites']);
});

test('GitHub\'s app step takes no backup code: the offer is the switch', async () => {
  const r = await find('https://github.com/sessions/two-factor/app', 'github-app.html');
  assert.deepEqual(r.step, {ids: ['app_totp'], kind: 'otp', action: 'switch', site: 'github', key: 'github|otp|/sessions/two-factor/app'});
});

test('GitLab\'s code field takes backup codes: the fill, on the OTP step', async () => {
  const r = await find('https://gitlab.com/users/sign_in', 'gitlab-otp.html');
  assert.equal(r.step?.site, 'gitlab');
  assert.deepEqual(r.step.ids, ['user_otp_attempt']);
  assert.equal(r.step.action, 'fill');
});

test('a checkout with coupon, ZIP and search fields: nothing, and no message at all', async () => {
  const r = await find('https://github.com/organizations/acme/billing/checkout', 'coupon.html');
  assert.equal(r.step, null);
  assert.equal(r.sawCandidate, false, 'every field is ruled out by its own attributes');
  assert.deepEqual(r.sent, []);
});

test('a generic step off the catalogue is found by its words; hidden, it is only a candidate', async () => {
  const page = `<!doctype html><form><h2>Two-factor authentication</h2>
    <label for=c>Authentication code</label><input id=c name=otp autocomplete=one-time-code inputmode=numeric>
    <button>Verify</button></form>`;
  const shown = await find('https://shop.example/login/2fa', page);
  assert.deepEqual(shown.step, {ids: ['c'], kind: 'otp', action: 'fill', site: null, key: '|otp|/login/2fa'});
  const hidden = await find('https://shop.example/login/2fa', page, () => {
    document.querySelector('form').style.display = 'none';
  });
  assert.equal(hidden.step, null);
  assert.equal(hidden.sawCandidate, true, 'a class or style flip may show it: attribute changes must count');
});

// What lets content.js skip a walk of the page: after a findStep that saw no candidate,
// the fields it met still ruled out, and a new field ruled out too, mean nothing new.
test('stillRuledOut and alsoRuledOut: only fields ruled out by their own attributes keep a page idle', async () => {
  const page = await browser.open('https://www.example.com/feed',
    '<!doctype html><form role="search"><input type="search" name="q"></form><form><input id="author" name="author" placeholder="Name"></form>');
  const r = await page.evaluate(async () => {
    const L = TearoffLocate;
    const out = {found: await L.findStep(async () => []), saw: L.sawCandidate(), still: L.stillRuledOut()};
    const add = (html) => {
      document.body.insertAdjacentHTML('beforeend', html);
      return document.body.lastElementChild.querySelector('input') ?? document.body.lastElementChild;
    };
    out.newRuledOut = L.alsoRuledOut(add('<form><input name="email" type="email" autocomplete="email"></form>'));
    out.newCode = L.alsoRuledOut(add('<form><label>Recovery code <input name="recovery_code"></label></form>'));
    out.stillAfterAdds = L.stillRuledOut(); // the code field was not counted among them
    // The same element turned into a code field, as a single-page app may reuse it.
    Object.assign(document.getElementById('author'), {name: 'otp', id: 'otp', placeholder: 'Verification code'});
    out.stillAfterChange = L.stillRuledOut();
    return out;
  });
  assert.deepEqual(r, {found: null, saw: false, still: true, newRuledOut: true, newCode: false, stillAfterAdds: true, stillAfterChange: false});
  await page.close();
});
