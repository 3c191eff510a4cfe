// Capture on GitHub's recovery-codes settings page, in real Chromium with the real host:
// the offer names the 16 codes and the signed-in account; untrusted clicks (a page's
// element.click()) save nothing; a trusted click and the confirmation store the new set,
// and `tearoff list` shows it with the old set revoked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubCodes } from './lib/host.mjs';
import { fixture, screenshot, servePages, setup } from './lib/flow.mjs';

const PAGE = 'https://github.com/settings/auth/recovery-codes';
const capture = (part) => `[data-tearoff="capture"] [data-tearoff="${part}"]`;
const stateOf = (page) => page.evaluate(() => document.querySelector('[data-tearoff="capture"]')?.dataset.state ?? null);
// What a page script can do: click our button itself. Such a click is not trusted.
const pageClicks = (page, part) => page.evaluate((p) => {
  document.querySelector('[data-tearoff="capture"]').shadowRoot.querySelector(`[data-tearoff="${p}"]`).click();
}, part);

async function statesOf(vault) {
  const [acc, ...others] = await vault.list();
  assert.equal(others.length, 0, 'one account');
  return { acc, states: new Map(acc.codes.map((c) => [c.code, c.state])) };
}

test('chromium: GitHub recovery-codes page offers to save the new set; only a trusted click saves', async (t) => {
  const { vault, driver } = await setup(t, 'chromium');
  const old = githubCodes();
  await vault.importCodes({ site: 'github', account: 'octocat', codes: old });
  const fresh = githubCodes();
  const html = (await fixture('github-recovery-codes-settings.html'))
    .replace('{{CODES}}', fresh.map((c) => `          <li class="two-factor-recovery-code">${c}</li>`).join('\n'));
  await driver.route(servePages({ [PAGE]: () => html }));

  const page = await driver.newPage();
  await page.goto(PAGE);
  await driver.waitVisible(page, capture('save'), 20_000);
  assert.equal(await page.textContent(capture('save')), 'Save these 16 codes to Tearoff');
  assert.equal(await page.inputValue(capture('account')), 'octocat', 'the account the page is signed in as');
  await screenshot(page, 'capture-github.png');

  // The page clicks "save" itself: nothing moves (the handler ignores untrusted clicks at once).
  await pageClicks(page, 'save');
  assert.equal(await stateOf(page), 'offer');

  // The person clicks: octocat holds codes, so Tearoff asks first.
  await page.click(capture('save'));
  await driver.waitVisible(page, capture('confirm'));
  assert.match(await page.textContent(capture('notice')), /replaces the 16 codes left for octocat on GitHub/);
  await pageClicks(page, 'confirm');
  assert.equal(await stateOf(page), 'confirm', 'an untrusted confirm does nothing');
  let { states } = await statesOf(vault);
  assert.ok(old.every((c) => states.get(c) === 'unused') && fresh.every((c) => !states.has(c)), 'nothing saved by untrusted clicks');

  await page.click(capture('confirm'));
  await driver.waitFor(page, () => document.querySelector('[data-tearoff="capture"]')?.dataset.state === 'saved');
  assert.match(await page.textContent(capture('notice')), /Saved 16 codes for octocat\. The old codes are marked revoked\./);
  let acc;
  ({ acc, states } = await statesOf(vault));
  assert.equal(acc.account, 'octocat');
  assert.equal(acc.remaining, 16);
  assert.equal(acc.revoked, 16);
  assert.ok(fresh.every((c) => states.get(c) === 'unused'), 'the 16 new codes are stored unused');
  assert.ok(old.every((c) => states.get(c) === 'revoked'), 'the old set is revoked');
  // The codes went to the host only: the extension's storage holds no code.
  const stored = JSON.stringify(await driver.worker.evaluate(() => chrome.storage.local.get(null)));
  assert.ok(![...old, ...fresh].some((c) => stored.includes(c)), 'no code in extension storage');
});
