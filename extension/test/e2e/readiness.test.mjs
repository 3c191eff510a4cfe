// Readiness, in real Chromium with the real host: a verification step on a site with no
// codes stored puts its registrable domain in the popup's list, and the host stores that
// domain and the date and nothing else about the page. A site with codes is not listed;
// a dismissal sticks; with the options' switch off, nothing is recorded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubCodes, until } from './lib/host.mjs';
import { GITHUB_RECOVERY, screenshot, servePages, setup, waitForOffer } from './lib/flow.mjs';

const GENERIC_JA = 'https://www.example.co.jp/mypage/login/verify';
const GITLAB_SIGN_IN = 'https://gitlab.com/users/sign_in';
const OTHER = 'https://secure.example.net/verify'; // the same page likeness on a third domain

/** `tearoff readiness --json`: the item exactly as stored. */
async function stored(vault) {
  return JSON.parse((await vault.cli('readiness', '--json')).stdout);
}

function waitForStored(vault, domain) {
  return until(async () => (await stored(vault)).sites?.find((s) => s.domain === domain), { timeoutMs: 15_000, intervalMs: 200, what: `${domain} in the readiness item` });
}

test('chromium: a 2FA step on a site without codes lists its domain, and only the domain and date are stored', async (t) => {
  const { vault, driver } = await setup(t, 'chromium');
  await vault.importCodes({ site: 'github', account: 'octocat', codes: githubCodes() });
  await driver.route(servePages({
    [GENERIC_JA]: 'generic-ja.html',
    [GITHUB_RECOVERY]: 'github-recovery.html',
    [GITLAB_SIGN_IN]: 'gitlab-otp.html',
    [OTHER]: 'generic-ja.html',
  }));

  const page = await driver.newPage();
  // GitHub holds codes: its step gets the offer and is not listed.
  await page.goto(GITHUB_RECOVERY);
  await waitForOffer(driver, page, 'octocat');
  await page.goto(`${GENERIC_JA}?user=taro.yamada&session=4f1c9#verify`);
  await waitForStored(vault, 'example.co.jp');

  const item = await stored(vault);
  const today = new Date().toISOString().slice(0, 10);
  assert.deepEqual(item, { sites: [{ domain: 'example.co.jp', date: item.sites[0].date }] }, 'the domain and the date, nothing else');
  assert.match(item.sites[0].date, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(item.sites[0].date <= today);
  const raw = JSON.stringify(item);
  for (const bit of ['www', 'mypage', 'verify', 'taro', 'session', '確認', 'サンプル']) assert.ok(!raw.includes(bit), `nothing of the page is stored (${bit})`);

  // GitLab (in the catalogue, no codes stored) is listed with its page for new codes.
  await page.goto(GITLAB_SIGN_IN);
  await waitForStored(vault, 'gitlab.com');

  // With the list switched off in the options, a site without codes is not recorded.
  const options = await driver.extensionPage('options/options.html');
  await driver.waitVisible(options, '#readiness-on');
  assert.equal(await options.isChecked('#readiness-on'), true, 'on by default');
  const switched = (off) => until(() => driver.worker.evaluate((want) => chrome.storage.local.get('tearoff_readiness_off').then((r) => r.tearoff_readiness_off === want), off), { what: 'the switch saved' });
  await options.click('#readiness-on');
  await switched(true);
  await page.goto(OTHER);
  await driver.waitFor(page, () => document.querySelector('#verify_code') !== null);
  // Switched back on, a note from the same tab lands: the visit before it was not recorded.
  await options.click('#readiness-on');
  await switched(false);
  await page.goto(`${GENERIC_JA}?again=1`);
  await until(async () => (await stored(vault)).sites.length === 2 || null, { what: 'two sites' });
  await options.close();

  // The popup lists the site, with an import button.
  const popup = await driver.extensionPage('popup/popup.html');
  await driver.setViewport(popup, 360, 120);
  await driver.waitVisible(popup, '#readiness li[data-domain="gitlab.com"]');
  const shown = await popup.evaluate(() => ({
    title: document.querySelector('#readiness h2').textContent,
    domains: [...document.querySelectorAll('#readiness li')].map((li) => li.dataset.domain),
    gitlab: document.querySelector('#readiness li[data-domain="gitlab.com"]').textContent,
    link: document.querySelector('#readiness li[data-domain="gitlab.com"] a[data-action="codes-page"]')?.href ?? '',
  }));
  assert.equal(shown.title, 'Sites where you use 2FA but have no backup codes');
  assert.deepEqual(shown.domains, ['example.co.jp', 'gitlab.com'], 'not GitHub (codes stored), not example.net (switch off)');
  assert.match(shown.gitlab, /GitLab.*Get backup codes.*Import codes/);
  assert.equal(shown.link, 'https://gitlab.com/-/profile/two_factor_auth');
  await screenshot(popup, 'readiness.png', { fullPage: true });
  assert.deepEqual((await stored(vault)).sites.map((s) => s.domain), ['example.co.jp', 'gitlab.com']);

  // Import opens the form for that site; dismissing takes the site off the list for good.
  await popup.click('#readiness li[data-domain="example.co.jp"] [data-action="import"]');
  assert.equal(await popup.inputValue('input[name=domain]'), 'example.co.jp');
  await popup.click('#readiness li[data-domain="example.co.jp"] [data-action="dismiss"]');
  await driver.waitFor(popup, () => !document.querySelector('#readiness li[data-domain="example.co.jp"]'));
  assert.deepEqual((await stored(vault)).sites[0], { domain: 'example.co.jp', date: item.sites[0].date, dismissed: true });
});
