// Readiness, in real Chromium with the real host: a verification step on a site with no
// codes stored puts its registrable domain in the popup's list, and the host stores that
// domain and the date and nothing else about the page. A site with codes is not listed;
// a dismissal sticks; the options' switch hides the list (router.js then records nothing:
// test/unit/capture-routes.test.mjs).
// With the Secret Service the keyring is shared by the run's tests, so the checks look at
// this test's domains only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubCodes, until } from './lib/host.mjs';
import { GITHUB_RECOVERY, screenshot, servePages, setup, waitForOffer } from './lib/flow.mjs';

const GENERIC_JA = 'https://www.example.co.jp/mypage/login/verify';
const GITLAB_SIGN_IN = 'https://gitlab.com/users/sign_in';

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
  }));

  const page = await driver.newPage();
  // GitHub holds codes: its step gets the offer and is not listed.
  await page.goto(GITHUB_RECOVERY);
  await waitForOffer(driver, page, 'octocat');
  await page.goto(`${GENERIC_JA}?user=taro.yamada&session=4f1c9#verify`);
  const entry = await waitForStored(vault, 'example.co.jp');

  const today = new Date().toISOString().slice(0, 10);
  assert.deepEqual(entry, { domain: 'example.co.jp', date: entry.date }, 'the domain and the date, nothing else');
  assert.match(entry.date, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(entry.date <= today);
  const item = await stored(vault);
  assert.deepEqual(Object.keys(item), ['sites']);
  for (const e of item.sites) assert.ok(Object.keys(e).every((k) => ['domain', 'date', 'dismissed'].includes(k)), JSON.stringify(e));
  assert.ok(!item.sites.some((e) => e.domain === 'github.com'), 'GitHub holds codes: not noted');
  const raw = JSON.stringify(item);
  for (const bit of ['www', 'mypage', 'verify', 'taro', 'session', '確認', 'サンプル']) assert.ok(!raw.includes(bit), `nothing of the page is stored (${bit})`);

  // GitLab (in the catalogue, no codes stored) is listed with its page for new codes.
  await page.goto(GITLAB_SIGN_IN);
  await waitForStored(vault, 'gitlab.com');

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
  assert.ok(shown.domains.includes('example.co.jp') && !shown.domains.includes('github.com'), shown.domains.join());
  assert.match(shown.gitlab, /GitLab.*Get backup codes.*Import codes/);
  assert.equal(shown.link, 'https://gitlab.com/-/profile/two_factor_auth');
  await screenshot(popup, 'readiness.png', { fullPage: true });

  // Import opens the form for that site; dismissing takes the site off the list for good.
  await popup.click('#readiness li[data-domain="example.co.jp"] [data-action="import"]');
  assert.equal(await popup.inputValue('input[name=domain]'), 'example.co.jp');
  await popup.click('#readiness li[data-domain="example.co.jp"] [data-action="dismiss"]');
  await driver.waitFor(popup, () => !document.querySelector('#readiness li[data-domain="example.co.jp"]'));
  assert.deepEqual((await stored(vault)).sites.find((e) => e.domain === 'example.co.jp'), { domain: 'example.co.jp', date: entry.date, dismissed: true });
  await popup.close();

  // The options' switch: off hides the list (and the background records nothing more).
  const options = await driver.extensionPage('options/options.html');
  await driver.waitVisible(options, '#readiness-on');
  assert.equal(await options.isChecked('#readiness-on'), true, 'on by default');
  await options.click('#readiness-on');
  await until(() => driver.worker.evaluate(() => chrome.storage.local.get('tearoff_readiness_off').then((r) => r.tearoff_readiness_off === true)), { what: 'the switch saved' });
  const again = await driver.extensionPage('popup/popup.html');
  await driver.waitFor(again, () => Boolean(document.getElementById('readiness').dataset.state));
  assert.deepEqual(await again.evaluate(() => [document.getElementById('readiness').dataset.state, document.getElementById('readiness').hidden]), ['off', true], 'no list when switched off');
});
