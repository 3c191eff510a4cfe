// The popup's "last synced" line (docs/sync.md): with sync set up and its remote
// gone, the host's background sync fails, and the popup says when it last synced
// and why the latest try failed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { githubCodes, until } from './lib/host.mjs';
import { BROWSERS, setup } from './lib/flow.mjs';

const run = promisify(execFile);

async function syncThenLoseTheRemote(vault) {
  // The sync dir lives in the data dir: keep it in this test's temp dir.
  vault.env.XDG_DATA_HOME = path.join(vault.dir, 'data');
  vault.env.TEAROFF_SYNC_INTERVAL = '0';
  await mkdir(vault.env.XDG_DATA_HOME, { recursive: true });
  const remote = path.join(vault.dir, 'remote.git');
  await run('git', ['init', '-q', '--bare', remote]);
  await vault.importCodes({ site: 'github', account: 'octocat', codes: githubCodes() });
  await vault.cli('sync', 'init', remote);
  await vault.cli('config', 'set', 'sync.remote', path.join(vault.dir, 'gone.git'));
}

for (const browser of BROWSERS) {
  test(`${browser}: the popup shows the last sync and why the latest one failed`, async (t) => {
    const { vault, driver } = await setup(t, browser, { beforeLaunch: syncThenLoseTheRemote });
    // The host syncs as it starts; wait until that try has failed.
    await until(async () => !(await vault.cli('sync', 'status')).stdout.includes('last error: none'),
      { timeoutMs: 20_000, what: 'the background sync to fail' });
    const page = await driver.extensionPage('popup/popup.html');
    await driver.waitVisible(page, '.sync-line');
    const line = await page.evaluate(() => document.querySelector('.sync-line').textContent);
    assert.match(line, /^Last synced .* · sync failed: git /);
    assert.match(line, /gone\.git/);
  });
}
