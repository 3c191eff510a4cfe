// The options page against the real host: history, restoring a used code,
// rename and remove, each confirmed through the CLI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubCodes, until } from './lib/host.mjs';
import { BROWSERS, setup } from './lib/flow.mjs';

for (const browser of BROWSERS) {
  test(`${browser}: options page shows history, restores a used code, renames and removes`, async (t) => {
    const { vault, driver } = await setup(t, browser);
    await vault.importCodes({ site: 'github', account: 'octocat', codes: githubCodes() });
    const { stdout } = await vault.cli('take', '--site', 'github', '--account', 'octocat');
    const taken = stdout.trim();
    assert.equal((await vault.stateOf('github', 'octocat', taken)).state, 'used');

    const page = await driver.extensionPage('options/options.html');
    page.on('dialog', (dialog) => dialog.accept()); // the confirm() before restore and remove
    const card = '.card[data-account="octocat"]';
    await driver.waitVisible(page, card);
    assert.match(await page.evaluate((sel) => document.querySelector(sel).textContent, card), /15 \/ 16 left/);

    await page.click(`${card} [data-action="history"]`);
    await driver.waitVisible(page, `${card} .history li[data-kind="use"]`);
    const kinds = await page.evaluate((sel) => [...document.querySelectorAll(`${sel} .history li`)].map((li) => li.dataset.kind), card);
    assert.deepEqual(kinds, ['use', 'import'], 'newest first');
    const historyText = await page.evaluate((sel) => document.querySelector(`${sel} .history`).textContent, card);
    assert.ok(!historyText.includes(taken), 'history never shows code values');

    await page.click(`${card} .history li[data-kind="use"] [data-action="restore"]`);
    await until(async () => (await vault.stateOf('github', 'octocat', taken))?.state === 'unused', { what: 'the CLI to show the code unused' });
    await driver.waitFor(page, (sel) => /16 \/ 16 left/.test(document.querySelector(sel)?.textContent ?? ''), card);

    await page.click(`${card} [data-action="rename"]`);
    await page.evaluate((sel) => { document.querySelector(`${sel} .inline-form input`).value = ''; }, card);
    await page.type(`${card} .inline-form input`, 'octo-work');
    await page.click(`${card} .inline-form button[type=submit]`);
    await driver.waitVisible(page, '.card[data-account="octo-work"]');
    assert.deepEqual((await vault.list()).map((a) => a.account), ['octo-work']);

    await page.click('.card[data-account="octo-work"] [data-action="remove"]');
    await until(async () => (await vault.list()).length === 0, { what: 'the CLI to show no accounts' });
    await driver.waitFor(page, () => !document.querySelector('.card'), undefined);
  });
}
