// Issue 11: a browser started from the desktop sees none of the shell's
// TEAROFF_* variables. The host must then take its settings from the config
// file: here the file backend in a directory named only there.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { launchChromium } from './lib/chromium.mjs';
import { buildHost, githubCodes, tempDir } from './lib/host.mjs';

const run = promisify(execFile);
const PASSPHRASE = 'config-file-e2e-not-secret';

test('chromium: a host started without any TEAROFF_* variable reads config.toml and offers codes', async (t) => {
  const bin = await buildHost();
  const dir = await tempDir('config');
  t.after(() => rm(dir, { recursive: true, force: true }));
  const vaultDir = path.join(dir, 'vault-named-in-config');
  await mkdir(path.join(dir, 'config', 'tearoff'), { recursive: true });
  await writeFile(path.join(dir, 'config', 'tearoff', 'config.toml'),
    `backend = "file"\nfile_dir = ${JSON.stringify(vaultDir)}\nkeyring_timeout = "20s"\n`);
  // What a desktop session hands the browser: no TEAROFF_* at all, no D-Bus
  // (so without the config file the host would pick an empty vault in the data dir).
  const desktop = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEAROFF_')));
  Object.assign(desktop, { HOME: path.join(dir, 'home'), XDG_CONFIG_HOME: path.join(dir, 'config'), DBUS_SESSION_BUS_ADDRESS: 'disabled:' });
  // The CLI gets the passphrase (and the tests' cheap scrypt) from its shell, nothing else.
  const shell = { ...desktop, TEAROFF_FILE_PASSPHRASE: PASSPHRASE, TEAROFF_FILE_SCRYPT_WORK_FACTOR: '10' };
  const codesFile = path.join(dir, 'codes.txt');
  await writeFile(codesFile, `${githubCodes(4).join('\n')}\n`);
  await run(bin, ['import', '--site', 'github', '--account', 'octocat', codesFile], { env: shell });

  const driver = await launchChromium({ bin, processEnv: () => desktop });
  t.after(() => driver.close());
  const page = await driver.extensionPage('options/options.html');
  const replies = await page.evaluate(async (passphrase) => {
    const port = chrome.runtime.connectNative('dev.tearoff.host');
    const waiting = new Map();
    port.onMessage.addListener((m) => { waiting.get(m.id)?.(m); waiting.delete(m.id); });
    const ask = (msg) => new Promise((resolve) => { waiting.set(msg.id, resolve); port.postMessage(msg); });
    const hello = await ask({ id: '1', type: 'hello' });
    const unlock = await ask({ id: '2', type: 'unlock', passphrase });
    const offer = await ask({ id: '3', type: 'offer', url: 'https://github.com/sessions/two-factor/recovery' });
    port.disconnect();
    return { hello, unlock, offer };
  }, PASSPHRASE);

  assert.equal(replies.hello.result?.backend, 'file', JSON.stringify(replies.hello));
  assert.equal(replies.hello.result.needs_passphrase, true);
  assert.equal(replies.hello.result.vault_exists, true, 'the host found the vault the config file names');
  assert.equal(replies.unlock.ok, true, JSON.stringify(replies.unlock));
  assert.equal(replies.offer.ok, true, JSON.stringify(replies.offer));
  assert.deepEqual(replies.offer.result.accounts.map((a) => a.account), ['octocat']);
});
