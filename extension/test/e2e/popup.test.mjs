// The popup with accounts imported through the CLI: counts, last use, warnings,
// the regenerate link, X's one-at-a-time reminder, and the import form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubCodes } from './lib/host.mjs';
import { BROWSERS, screenshot, setup } from './lib/flow.mjs';

const digits = (n, seed) => Array.from({ length: n }, (_, i) => String(seed + i * 7919).padStart(8, '0'));

async function seed(vault) {
  await vault.importCodes({ site: 'github', account: 'octocat', codes: githubCodes() });
  await vault.cli('take', '--site', 'github', '--account', 'octocat');
  await vault.importCodes({ site: 'google', account: 'alice@example.com', codes: digits(10, 31415926) });
  for (let i = 0; i < 8; i++) await vault.cli('take', '--site', 'google', '--account', 'alice@example.com');
  await vault.importCodes({ site: 'x', account: 'tearoff_demo', codes: ['k3v9q2m8x7wz'] });
  await vault.cli('take', '--site', 'x', '--account', 'tearoff_demo');
}

for (const browser of BROWSERS) {
  test(`${browser}: the popup shows accounts by site with what is left`, async (t) => {
    const { vault, driver } = await setup(t, browser);
    await seed(vault);
    const page = await driver.extensionPage('popup/popup.html');
    // A short viewport: the full-page screenshot then ends where the popup's content does.
    await driver.setViewport(page, 360, 120);
    await driver.waitVisible(page, '[data-account="tearoff_demo"]');

    const seen = await page.evaluate(() => {
      const item = (label) => {
        const el = document.querySelector(`[data-account="${label}"]`);
        return { cls: el.className, count: el.querySelector('.count').textContent, text: el.textContent, strong: Boolean(el.querySelector('.warning.strong')) };
      };
      return {
        sites: [...document.querySelectorAll('section.site')].map((s) => s.dataset.site),
        github: item('octocat'),
        google: item('alice@example.com'),
        x: item('tearoff_demo'),
        xNote: document.querySelector('section.site[data-site="x"] .note')?.textContent ?? '',
        regen: document.querySelector('section.site[data-site="github"] .site-head a')?.href ?? '',
        status: document.querySelector('#status').className,
      };
    });
    assert.deepEqual(seen.sites.sort(), ['github', 'google', 'x']);
    assert.equal(seen.github.count, '15 / 16 left');
    assert.match(seen.github.text, /Last used .* on the command line/);
    assert.match(seen.google.cls, /\blow\b/);
    assert.match(seen.google.text, /Only 2 left/);
    assert.match(seen.x.cls, /\bempty\b/);
    assert.ok(seen.x.strong, 'no codes left is a strong warning');
    assert.match(seen.xNote, /one backup code at a time/);
    assert.equal(seen.regen, 'https://github.com/settings/auth/recovery-codes');
    assert.match(seen.status, /\bgood\b/);
    if (browser === 'chromium') await screenshot(page, 'popup.png', { fullPage: true });

    // Import from the popup: garbage gets the host's clear error, real codes land.
    await page.evaluate(() => { document.getElementById('import').open = true; });
    await driver.select(page, 'select[name=site]', 'gitlab');
    await page.type('input[name=account]', 'gl-user');
    await page.type('textarea[name=text]', 'Dear diary, today I set up two-factor authentication.');
    await page.click('form[data-tearoff-import] button[type=submit]');
    await driver.waitVisible(page, '.form-message.error');
    const garbage = await page.evaluate(() => document.querySelector('.form-message').textContent);
    assert.ok(garbage.length > 10, `an error sentence is shown: ${garbage}`);
    assert.equal((await vault.list()).some((a) => a.site === 'gitlab'), false, 'garbage imported nothing');

    const gitlab = Array.from({ length: 10 }, (_, i) => (0xa1b2c3d4e5f60000n + BigInt(i * 4099)).toString(16));
    await page.evaluate((text) => { document.querySelector('textarea[name=text]').value = text; }, gitlab.join('\n'));
    await page.click('form[data-tearoff-import] button[type=submit]');
    await driver.waitVisible(page, '[data-account="gl-user"]');
    const acc = (await vault.list()).find((a) => a.site === 'gitlab');
    assert.equal(acc?.account, 'gl-user');
    assert.equal(acc.codes.filter((c) => c.state === 'unused').length, 10);

    // A site's own file dropped with no site chosen: the popup sends its name and the
    // host tells the site from it (a browser's " (1)" copy suffix included).
    const hubCodes = githubCodes();
    await page.evaluate((text) => {
      document.querySelector('select[name=site]').value = '';
      document.querySelector('input[name=account]').value = 'hubber';
      const files = new DataTransfer();
      files.items.add(new File([text], 'github-recovery-codes (1).txt', { type: 'text/plain' }));
      document.querySelector('textarea[name=text]').dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
    }, hubCodes.join('\n') + '\n');
    await driver.waitFor(page, () => document.querySelector('textarea[name=text]').value.length > 0);
    await page.click('form[data-tearoff-import] button[type=submit]');
    await driver.waitVisible(page, '[data-account="hubber"]');
    const hub = (await vault.list()).find((a) => a.account === 'hubber');
    assert.equal(hub?.site, 'github');
    assert.deepEqual(hub.codes.map((c) => c.code).sort(), [...hubCodes].sort());
  });
}

test('chromium: the popup speaks Japanese in a Japanese browser', async (t) => {
  const { vault, driver } = await setup(t, 'chromium', { lang: 'ja' });
  await vault.importCodes({ site: 'github', account: 'octocat', codes: githubCodes() });
  await vault.cli('take', '--site', 'github', '--account', 'octocat');
  const page = await driver.extensionPage('popup/popup.html');
  await driver.setViewport(page, 360, 120);
  await driver.waitVisible(page, '[data-account="octocat"]');
  const text = await page.evaluate(() => document.body.innerText);
  assert.match(text, /残り 15 \/ 16 件/);
  assert.match(text, /新しいコードを取得/);
  assert.match(text, /バックアップコードを追加/);
  // scripts/test.sh installs a Japanese font, so this shows text, not boxes.
  await screenshot(page, 'popup-ja.png', { fullPage: true });
});
