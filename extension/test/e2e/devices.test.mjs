// The popup's actions for codes on other devices (issue 10), in Chromium with the real
// host: "Use on another device" reveals `tearoff next`'s code and records it used on
// another_device, "I didn't use it" takes it back; "I used a code elsewhere" records a
// typed code or says when and where it was already used; and an X account whose only
// code is spent asks for the new one, which the paste box stores.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubCodes } from './lib/host.mjs';
import { screenshot, servePages, setup } from './lib/flow.mjs';

async function openPopup(driver, account) {
  const page = await driver.extensionPage('popup/popup.html');
  await driver.setViewport(page, 360, 120); // short: full-page screenshots end with the content
  await driver.waitVisible(page, `[data-account="${account}"]`);
  return page;
}

const item = (account) => `[data-account="${account}"]`;
const accountOf = async (vault, site, account) => (await vault.list()).find((a) => a.site === site && a.account === account);

test('chromium: "Use on another device" reveals the next code, records it used, and "I didn\'t use it" restores it', async (t) => {
  const { vault, driver } = await setup(t, 'chromium');
  await vault.importCodes({ site: 'github', account: 'octocat', codes: githubCodes() });
  const page = await openPopup(driver, 'octocat');

  const next = await vault.next('github', 'octocat');
  await page.click(`${item('octocat')} [data-tearoff-action="hand-out"]`);
  const revealed = await driver.waitVisible(page, '[data-tearoff-revealed]');
  assert.equal(await revealed.textContent(), next, 'the popup reveals exactly `tearoff next`');
  const code = (await accountOf(vault, 'github', 'octocat')).codes.find((c) => c.code === next);
  assert.equal(code.state, 'used', 'recorded used as soon as it is shown');
  assert.equal(code.used_on, 'another_device');
  await driver.waitFor(page, () => document.querySelector('[data-account="octocat"] .count')?.textContent === '15 / 16 left');
  await screenshot(page, 'popup-another-device.png', { fullPage: true });

  // The Copy click puts the code on the clipboard: pasted into a field, it is the code.
  await page.click('[data-tearoff-copy]');
  await driver.waitFor(page, () => /Copied/.test(document.querySelector('#reveal .form-message')?.textContent ?? ''));
  await page.evaluate(() => document.body.append(Object.assign(document.createElement('input'), { id: 'paste-here' })));
  await page.focus('#paste-here');
  await page.keyboard.press('Control+V');
  assert.equal(await page.inputValue('#paste-here'), next);

  await page.click('[data-tearoff-restore]');
  await driver.waitVisible(page, '[data-tearoff-restored]');
  assert.equal(await page.$('[data-tearoff-revealed]'), null, 'the code is hidden once restored');
  assert.equal((await vault.stateOf('github', 'octocat', next)).state, 'unused');
  assert.equal(await vault.next('github', 'octocat'), next, 'the restored code is the next one again');
});

test('chromium: "I used a code elsewhere" records a typed code, and says when and where a spent one went', async (t) => {
  const { vault, driver } = await setup(t, 'chromium');
  const codes = githubCodes();
  await vault.importCodes({ site: 'github', account: 'octocat', codes });
  const { stdout } = await vault.cli('take', '--site', 'github', '--account', 'octocat');
  const spent = stdout.trim();
  const page = await openPopup(driver, 'octocat');
  await page.click(`${item('octocat')} [data-tearoff-action="mark-used"]`);
  const form = `${item('octocat')} form[data-tearoff-form="mark-used"]`;
  const note = `${item('octocat')} [data-tearoff-note="mark-used"]`;
  const send = async (value, want) => {
    await page.fill(`${form} input[name=code]`, value);
    await page.click(`${form} button[type=submit]`);
    await driver.waitFor(page, ([sel, re]) => new RegExp(re).test(document.querySelector(sel)?.textContent ?? ''), [note, want.source]);
    return page.textContent(note);
  };

  // Typed in capitals without the dash, as a person copies it off paper.
  const typed = codes[7];
  const ok = await send(typed.toUpperCase().replace('-', ''), /Recorded as used/);
  assert.match(ok, /14 left/);
  const rec = await vault.stateOf('github', 'octocat', typed);
  assert.equal(rec.state, 'used');
  assert.equal(rec.used_on, 'elsewhere');

  const before = JSON.stringify(await vault.list());
  const again = await send(spent, /already used/);
  assert.match(again, /already used .* ago \(.*\) on the command line/, again);
  await screenshot(page, 'popup-used-elsewhere.png', { fullPage: true });
  const notHeld = await send('0a0a0-b1b1b', /no such code/);
  assert.match(notHeld, /octocat has no such code/);
  const malformed = await send('hello', /not a GitHub backup code/);
  assert.match(malformed, /Nothing was changed/);
  assert.equal(JSON.stringify(await vault.list()), before, 'refused codes change nothing');
});

test('chromium: an X account whose only code was used asks for the new one, and the paste stores it', async (t) => {
  const { vault, driver } = await setup(t, 'chromium');
  await vault.importCodes({ site: 'x', account: 'jack', codes: ['k3v9q2m8x7wz'] });
  await vault.importCodes({ site: 'github', account: 'octocat', codes: githubCodes() });
  const page = await openPopup(driver, 'jack');
  assert.equal(await page.$(`${item('jack')} [data-tearoff-new-code]`), null, 'no paste box while the code is unused');
  assert.equal(await page.$(`${item('octocat')} [data-tearoff-new-code]`), null);

  await page.click(`${item('jack')} [data-tearoff-action="hand-out"]`);
  await driver.waitVisible(page, '[data-tearoff-revealed]');
  const box = `${item('jack')} [data-tearoff-new-code]`;
  await driver.waitVisible(page, box);
  const ask = await page.textContent(box);
  assert.match(ask, /X has issued a new one/);
  assert.match(ask, /in the X app or on x\.com/);
  assert.match(ask, /Settings and privacy → Security and account access → Security → Two-factor authentication → Backup code/);
  assert.doesNotMatch(await page.textContent(item('jack')), /No backup codes left/, 'the paste box replaces the bare "none left" warning');
  await page.click('#reveal button.link'); // Hide: the screenshot shows the request itself
  await screenshot(page, 'popup-new-code.png', { fullPage: true });

  // The spent code pasted back is refused; the new one is stored.
  const form = `${box} form[data-tearoff-form="set-current"]`;
  await page.fill(`${form} input[name=code]`, 'k3v9q2m8x7wz');
  await page.click(`${form} button[type=submit]`);
  await driver.waitFor(page, (sel) => /already used/.test(document.querySelector(sel)?.textContent ?? ''), `${box} [data-tearoff-note="set-current"]`);
  await page.fill(`${form} input[name=code]`, ' P4N7R2T8W3Y6 ');
  await page.click(`${form} button[type=submit]`);
  await driver.waitFor(page, () => document.querySelector('[data-account="jack"] .count')?.textContent === '1 / 1 left');
  assert.match(await page.textContent(`${item('jack')} [data-tearoff-note="set-current"]`), /Saved/);
  assert.equal(await page.$(box), null, 'the paste box goes once the new code is stored');

  assert.equal(await vault.next('x', 'jack'), 'p4n7r2t8w3y6');
  const jack = await accountOf(vault, 'x', 'jack');
  assert.deepEqual(jack.codes.map((c) => [c.code, c.state]), [['k3v9q2m8x7wz', 'used'], ['p4n7r2t8w3y6', 'unused']], 'the old code stays used');
});

test('chromium: on X\'s login, an account whose only code was used is told where X shows the new one', async (t) => {
  const { vault, driver } = await setup(t, 'chromium');
  await vault.importCodes({ site: 'x', account: 'jack', codes: ['k3v9q2m8x7wz'] });
  await vault.cli('take', '--site', 'x', '--account', 'jack');
  const X_LOGIN = 'https://x.com/i/flow/login';
  await driver.route(servePages({ [X_LOGIN]: 'x-login.html' }));
  const page = await driver.newPage();
  await page.goto(X_LOGIN);
  const user = 'input[autocomplete=username]';
  await driver.waitVisible(page, user);
  await page.click(user);
  await page.keyboard.type('jack');
  await page.click('[data-testid=LoginForm_Login_Button]');
  const notice = driver.deep('[data-tearoff="offer"]', '[data-tearoff="notice"]');
  await driver.waitVisible(page, notice);
  const text = await page.textContent(notice);
  assert.match(text, /X has issued a new backup code/);
  assert.match(text, /Settings and privacy → Security and account access → Security → Two-factor authentication → Backup code/);
  assert.match(text, /paste it in Tearoff's popup/);
  const fills = await page.evaluate(() => document.querySelector('[data-tearoff="offer"]').shadowRoot.querySelectorAll('[data-tearoff="fill"]').length);
  assert.equal(fills, 0, 'nothing to fill: the spent code is never offered');
  await screenshot(page, 'offer-x-new-code.png');
});

test('chromium: in Japanese, the popup says where X shows the new code in Japanese', async (t) => {
  const { vault, driver } = await setup(t, 'chromium', { lang: 'ja' });
  await vault.importCodes({ site: 'x', account: 'jack', codes: ['k3v9q2m8x7wz'] });
  await vault.cli('take', '--site', 'x', '--account', 'jack');
  const page = await openPopup(driver, 'jack');
  const box = `${item('jack')} [data-tearoff-new-code]`;
  await driver.waitVisible(page, box);
  const text = await page.textContent(box);
  assert.match(text, /X は新しいコードを発行しています/);
  assert.match(text, /設定とプライバシー → セキュリティとアカウントアクセス → セキュリティ → 2要素認証 → バックアップコード/);
  assert.match(await page.textContent(item('jack')), /別の端末で使う/);
  await screenshot(page, 'popup-new-code-ja.png', { fullPage: true });
});
