// gate.js in a real Chromium (page.mjs): which pages get the finder. A page whose fields
// are all ruled out by their own attributes never loads it; every page where the finder
// finds a step (locate.test.mjs's fixtures), or remembers a username, does. The two must
// agree: a page the gate turns away is a page that never gets an offer.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {launch} from './page.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

// {wants, candidate}: the gate's answer, and whether locate.js's search met a candidate.
async function judge(url, page) {
  const tab = await browser.open(url, page);
  const r = await tab.evaluate(async () => {
    const wants = TearoffGate.pageWants();
    await TearoffLocate.findStep(async () => []);
    return {wants, candidate: TearoffLocate.sawCandidate()};
  });
  await tab.close();
  return r;
}

const html = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;

test('pages with a step get the finder', async () => {
  for (const [url, fixture] of [
    ['https://github.com/sessions/two-factor/recovery', 'github-recovery.html'],
    ['https://github.com/sessions/two-factor/app', 'github-app.html'],
    ['https://gitlab.com/users/sign_in', 'gitlab-otp.html'],
    ['https://accounts.google.com/v3/signin/challenge/bc', 'google-bc.html'],
    ['https://www.example.jp/login/verify', 'generic-ja.html'],
  ]) {
    assert.deepEqual(await judge(url, fixture), {wants: true, candidate: true}, fixture);
  }
  // X's first step asks for the username: no candidate yet, but its field is remembered.
  assert.deepEqual(await judge('https://x.com/i/flow/login', 'x-login.html'), {wants: true, candidate: false});
});

test('a feed, a search box and a comment form do not, and locate.js agrees', async () => {
  const page = html(`<form role="search"><input type="search" name="q" placeholder="Search"></form>
    <form><input name="author" placeholder="Name"><input type="email" name="email" placeholder="E-mail">
    <textarea name="comment"></textarea><button>Post</button></form><article><p>Story</p></article>`);
  assert.deepEqual(await judge('https://www.example.com/feed', page), {wants: false, candidate: false});
  assert.deepEqual(await judge('https://shop.example.com/cart', 'coupon.html'), {wants: false, candidate: false});
});

test('a login form\'s username field gets the finder (username memory), a lone e-mail field does not', async () => {
  const login = html(`<form><input type="email" name="login" autocomplete="email"><input type="password" name="password"><button>Sign in</button></form>`);
  assert.equal((await judge('https://www.example.com/login', login)).wants, true);
  const newsletter = html(`<form><input type="email" name="email" placeholder="Your e-mail"><button>Subscribe</button></form>`);
  assert.equal((await judge('https://www.example.com/news', newsletter)).wants, false);
});

test('a field added, or enabled, later is judged at the next look', async () => {
  const tab = await browser.open('https://www.example.com/account', html('<main><input type="search" name="q"></main>'));
  const before = await tab.evaluate(() => TearoffGate.pageWants());
  const after = await tab.evaluate(() => {
    document.querySelector('main').insertAdjacentHTML('beforeend', '<label>Verification code <input name="otp" inputmode="numeric" autocomplete="one-time-code" disabled></label>');
    const disabled = TearoffGate.pageWants();
    document.querySelector('[name=otp]').disabled = false;
    return [disabled, TearoffGate.pageWants()];
  });
  await tab.close();
  assert.deepEqual([before, ...after], [false, false, true]);
});

test('a field alone: it, or another input of its form, is wanted', async () => {
  const page = html(`<form id="login"><input type="email" name="email"></form>
    <form id="comment"><input name="author" placeholder="Name"></form>`);
  const tab = await browser.open('https://www.example.com/login', page);
  const r = await tab.evaluate(() => {
    const author = document.querySelector('[name=author]');
    const email = document.querySelector('[name=email]');
    const before = [TearoffGate.fieldWants(author), TearoffGate.wants(email)];
    // The login form's next step: a password field joins it, and is what the sentinel reports.
    const password = Object.assign(document.createElement('input'), {type: 'password', name: 'password', autocomplete: 'current-password'});
    document.getElementById('login').append(password);
    return [...before, TearoffGate.wants(password), TearoffGate.fieldWants(password)];
  });
  await tab.close();
  // The author field is ruled out, and so is a password field that says so; but the
  // password field makes its form's e-mail field a username field.
  assert.deepEqual(r, [false, false, false, true]);
});
