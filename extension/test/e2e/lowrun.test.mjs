// Running low and uncertain codes with the real host: the toolbar badge and
// the one-time notification after a GitHub account is used down to 2 through
// its recovery page (Chromium and Firefox), and both ways of settling an
// uncertain code from the popup (made uncertain for real: filled into a page,
// never submitted, and left past TEAROFF_RESERVE_TTL).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubCodes, until } from './lib/host.mjs';
import {
  BROWSERS, GITHUB_RECOVERY, fillFromOffer, screenshot, servePages, setup, submitWithEnter, waitForCodeState, waitForOffer,
} from './lib/flow.mjs';

const FIELD = '#recovery_code';
/** Runs fn in the extension: Chromium's service worker, or in Firefox an extension page (the same APIs). */
const inExtension = (driver, fn) => (driver.worker ?? driver.optionsPage).evaluate(fn);
const badge = (driver) => inExtension(driver, () => (globalThis.browser ?? chrome).action.getBadgeText({}));
/**
 * The ids of the notifications the extension showed. Chromium keeps them until
 * cleared (notifications.getAll); headless Firefox closes each at once, so there
 * the ids come from notifications.onClosed, recorded by watchNotifications().
 */
const notifications = (driver) => (driver.worker
  ? driver.worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()))
  : driver.optionsPage.evaluate(() => globalThis.__closed));
const watchNotifications = (driver) => driver.worker ? null : driver.optionsPage.evaluate(() => {
  globalThis.__closed = [];
  browser.notifications.onClosed.addListener((id) => globalThis.__closed.push(id));
});
const lowrunState = (driver) => inExtension(driver, async () => (await (globalThis.browser ?? chrome).storage.local.get('lowrun')).lowrun);

/** Fills octocat's next code on a fresh recovery page and submits it; resolves once the CLI shows it used. */
async function useOne(driver, vault, page) {
  await page.goto(GITHUB_RECOVERY);
  await waitForOffer(driver, page, 'octocat');
  const code = await fillFromOffer(driver, page, 'octocat', FIELD);
  await submitWithEnter(page, FIELD);
  await waitForCodeState(vault, 'github', 'octocat', code, 'used');
  return code;
}

for (const browser of BROWSERS) {
  test(`${browser}: using an account down to 2 raises the badge and one notification`, async (t) => {
    const { vault, driver } = await setup(t, browser, {
      beforeLaunch: async (v) => {
        await v.importCodes({ site: 'github', account: 'octocat', codes: githubCodes(4) });
        await v.importCodes({ site: 'gitlab', account: 'short', codes: ['a1b2c3d4e5f60718', 'a1b2c3d4e5f60719'] });
      },
    });
    // The badge at start: the GitLab account already holds only 2.
    await until(async () => (await badge(driver)) === '1', { what: 'the badge to count the short account' });
    await watchNotifications(driver);
    if (driver.worker) {
      // Chromium: also record what the background hands the real notifications API (it still shows them).
      await driver.worker.evaluate(() => {
        const real = chrome.notifications.create.bind(chrome.notifications);
        globalThis.__shown = [];
        chrome.notifications.create = (id, options) => { globalThis.__shown.push({ id, ...options }); return real(id, options); };
      });
    }
    await driver.route(servePages({ [GITHUB_RECOVERY]: 'github-recovery.html' }));
    const page = await driver.newPage();

    await useOne(driver, vault, page); // 3 left: not low
    await until(async () => Object.values((await lowrunState(driver))?.accounts ?? {}).some((a) => a.used === 1),
      { what: 'the background to see the first use' });
    assert.equal(await badge(driver), '1');
    assert.deepEqual(await notifications(driver), []);

    await useOne(driver, vault, page); // 2 left: low
    await until(async () => (await badge(driver)) === '2', { what: 'the badge to count octocat' });
    const octocat = (await vault.list()).find((a) => a.account === 'octocat');
    const id = `tearoff-low:${octocat.id}`;
    await until(async () => (await notifications(driver)).includes(id), { what: 'the running-low notification' });
    assert.deepEqual(await notifications(driver), [id], 'one notification');
    if (driver.worker) {
      const shown = await driver.worker.evaluate(() => globalThis.__shown);
      assert.equal(shown.length, 1, 'one notification');
      assert.equal(shown[0].title, 'GitHub: running low on backup codes');
      assert.match(shown[0].message, /octocat has only 2 backup code\(s\) left.*Click to open the page for new codes/);
    }
    const stored = await lowrunState(driver);
    assert.equal(stored.accounts[octocat.id].url, 'https://github.com/settings/auth/recovery-codes', 'the click opens the page for new codes');
    for (const code of octocat.codes) assert.doesNotMatch(JSON.stringify(stored), new RegExp(code.code), 'no code value in storage');

    // 1 left: still low, and no second notification for this crossing. The person
    // closed the first; the background's state records the third use in the same
    // refresh that would announce it.
    if (driver.worker) await driver.worker.evaluate((n) => chrome.notifications.clear(n), id);
    const before = driver.worker ? [] : [id];
    await useOne(driver, vault, page);
    await until(async () => (await lowrunState(driver)).accounts[octocat.id].used === 3, { what: 'the background to see the third use' });
    assert.deepEqual(await notifications(driver), before, 'no second notification');
    assert.equal(await badge(driver), '2');
  });
}

test('chromium: uncertain codes are listed in the popup and settled both ways', async (t) => {
  const { vault, driver } = await setup(t, 'chromium', {
    beforeLaunch: async (v) => {
      // Reservations expire after a second, so a filled, unsubmitted code turns uncertain for real.
      v.env.TEAROFF_RESERVE_TTL = '1s';
      await v.importCodes({ site: 'github', account: 'octocat', codes: githubCodes(5) });
      await v.importCodes({ site: 'gitlab', account: 'short', codes: ['a1b2c3d4e5f60718', 'a1b2c3d4e5f60719'] });
    },
  });
  await driver.route(servePages({ [GITHUB_RECOVERY]: 'github-recovery.html' }));
  const filled = [];
  for (let i = 0; i < 2; i++) {
    const page = await driver.newPage(); // its own tab: the fill stays unsubmitted there
    await page.goto(GITHUB_RECOVERY);
    await waitForOffer(driver, page, 'octocat');
    filled.push(await fillFromOffer(driver, page, 'octocat', FIELD));
  }
  assert.notEqual(filled[0], filled[1]);
  const records = [];
  for (const code of filled) records.push(await waitForCodeState(vault, 'github', 'octocat', code, 'uncertain'));

  const popup = await driver.extensionPage('popup/popup.html');
  await driver.setViewport(popup, 360, 120);
  for (const r of records) await driver.waitVisible(popup, `#uncertain li[data-code-id="${r.id}"]`);
  const text = await popup.evaluate(() => document.getElementById('uncertain').innerText);
  assert.match(text, /Did you use these codes\?/);
  assert.match(text, /GitHub octocat, handed to github\.com/);
  for (const code of filled) assert.ok(!text.includes(code), 'the popup never shows the code value');
  await screenshot(popup, 'popup-uncertain.png', { fullPage: true });

  await popup.click(`#uncertain li[data-code-id="${records[0].id}"] button[data-settle="used"]`);
  await waitForCodeState(vault, 'github', 'octocat', filled[0], 'used');
  await popup.click(`#uncertain li[data-code-id="${records[1].id}"] button[data-settle="unused"]`);
  await waitForCodeState(vault, 'github', 'octocat', filled[1], 'unused');
  await driver.waitFor(popup, () => document.getElementById('uncertain').hidden);
  const count = await popup.evaluate(() => document.querySelector('[data-account="octocat"] .count').textContent);
  assert.equal(count, '4 / 5 left', 'one used, the still-good one counts again');
  assert.equal(await vault.next('github', 'octocat'), filled[1], 'the still-good code is offered next');
});
