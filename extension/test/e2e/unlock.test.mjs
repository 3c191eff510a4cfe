// The file backend without TEAROFF_FILE_PASSPHRASE: the popup asks for the
// passphrase. For a brand-new vault it asks twice, so that a typo cannot become
// the passphrase and lock the person out of their own codes; for an existing
// vault once. The CLI, given the passphrase chosen in the popup, proves it is
// the one the vault is really encrypted with.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { githubCodes } from './lib/host.mjs';
import { setup } from './lib/flow.mjs';

const run = promisify(execFile);
const PASS = 'TEAROFF_FILE_PASSPHRASE';

/**
 * A file vault whose host (started by the browser) has no passphrase in its
 * environment, and Chromium on it. `before(vault)` runs first, with the
 * passphrase still set (to create a vault through the CLI).
 */
function setupWithoutPassphrase(t, before) {
  // The passphrase belongs to the file backend, also in the Secret Service run.
  return setup(t, 'chromium', {
    backend: 'file',
    async beforeLaunch(vault) {
      if (before) await before(vault);
      delete vault.env[PASS];
      const processEnv = vault.processEnv;
      vault.processEnv = () => {
        const env = processEnv();
        delete env[PASS]; // also one the test runner itself may carry
        return env;
      };
    },
  });
}

/** `tearoff list --json` with `passphrase`: it fails unless that is the vault's passphrase. */
async function listWith(vault, passphrase) {
  const { stdout } = await run(vault.bin, ['list', '--json'], { env: { ...vault.processEnv(), [PASS]: passphrase }, timeout: 30_000 });
  return JSON.parse(stdout);
}

/** hello as the popup's own host process answers it (the one an unlock changes). */
function hello(page) {
  return page.evaluate(async () => (await chrome.runtime.sendMessage({ type: 'tearoff:host', request: { type: 'hello' } })).result);
}

test('chromium: a new vault asks for its passphrase twice and refuses a mismatch', async (t) => {
  const { vault, driver } = await setupWithoutPassphrase(t);
  const page = await driver.extensionPage('popup/popup.html');
  const form = 'form[data-tearoff-unlock="new"]';
  await driver.waitVisible(page, form);
  const shown = await page.evaluate((sel) => ({
    fields: [...document.querySelectorAll(`${sel} input`)].map((i) => `${i.type}:${i.name}`),
    text: document.querySelector('#status').innerText,
  }), form);
  assert.deepEqual(shown.fields, ['password:passphrase', 'password:repeat']);
  assert.match(shown.text, /Choose a passphrase for your new Tearoff vault/);
  assert.match(shown.text, /cannot be recovered/);
  const before = await hello(page);
  assert.deepEqual([before.locked, before.needs_passphrase, before.vault_exists], [true, true, false], JSON.stringify(before));

  // A typo in the repeat: refused in the popup, never sent, nothing written.
  const chosen = 'tangerine dolphin 42 umbrella';
  await page.fill(`${form} input[name=passphrase]`, chosen);
  await page.fill(`${form} input[name=repeat]`, 'tangerine dolphin 42 umbrela');
  await page.click(`${form} button[type=submit]`);
  await driver.waitFor(page, () => /do not match/.test(document.querySelector('#status .error')?.textContent ?? ''));
  const after = await hello(page);
  assert.equal(after.locked, true, 'a mismatch leaves the host locked');
  assert.equal(after.needs_passphrase, true);
  assert.equal(after.vault_exists, false);
  assert.deepEqual(await readdir(vault.env.TEAROFF_FILE_DIR), [], 'a mismatch writes no vault file');
  assert.equal(await page.evaluate((sel) => document.querySelector(`${sel} input[name=passphrase]`).value, form), '',
    'the fields are cleared for a fresh try');

  // Both the same: the host takes it and the popup opens.
  await page.fill(`${form} input[name=passphrase]`, chosen);
  await page.fill(`${form} input[name=repeat]`, chosen);
  await page.click(`${form} button[type=submit]`);
  await driver.waitVisible(page, '#status.good');
  assert.equal((await hello(page)).locked, false);

  // An import through the popup writes the vault with the chosen passphrase.
  await page.evaluate(() => { document.getElementById('import').open = true; });
  await driver.select(page, 'select[name=site]', 'github');
  await page.fill('input[name=account]', 'octocat');
  await page.fill('textarea[name=text]', githubCodes().join('\n'));
  await page.click('form[data-tearoff-import] button[type=submit]');
  await driver.waitVisible(page, '[data-account="octocat"]');
  assert.equal((await hello(page)).vault_exists, true);

  const listed = await listWith(vault, chosen);
  assert.deepEqual(listed.map((a) => `${a.site}/${a.account}/${a.remaining}`), ['github/octocat/16']);
  await assert.rejects(listWith(vault, 'tangerine dolphin 42 umbrela'), /passphrase/i, 'the typo is not the passphrase');
});

test('chromium: an existing vault asks for its passphrase once', async (t) => {
  const passphrase = 'e2e existing vault passphrase';
  const { vault, driver } = await setupWithoutPassphrase(t, async (v) => {
    v.env[PASS] = passphrase;
    await v.importCodes({ site: 'github', account: 'octocat', codes: githubCodes() });
  });
  const page = await driver.extensionPage('popup/popup.html');
  const form = 'form[data-tearoff-unlock="existing"]';
  await driver.waitVisible(page, form);
  const shown = await page.evaluate(() => ({
    fields: [...document.querySelectorAll('#status input')].map((i) => `${i.type}:${i.name}`),
    text: document.querySelector('#status').innerText,
  }));
  assert.deepEqual(shown.fields, ['password:passphrase'], 'one field, no repeat');
  assert.match(shown.text, /Enter the passphrase of your Tearoff vault/);
  assert.equal((await hello(page)).vault_exists, true);

  await page.fill(`${form} input[name=passphrase]`, passphrase);
  await page.click(`${form} button[type=submit]`);
  await driver.waitVisible(page, '[data-account="octocat"]');
  assert.equal((await listWith(vault, passphrase)).length, 1);
});
