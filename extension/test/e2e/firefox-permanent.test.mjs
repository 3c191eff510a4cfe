// Issue 11: the add-on must outlive a Firefox restart. scripts/install.sh
// --firefox-profile puts the unsigned xpi into the profile's extensions
// directory and turns the signature check off (Firefox ESR honours that), so
// the add-on is installed at the next start and stays. Two starts of Firefox
// ESR on the same profile must each offer the stored code on a login page:
// the extension is loaded and reaches the host, with no temporary install.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { launchFirefox } from './lib/firefox.mjs';
import { GITHUB_RECOVERY, servePages, waitForOffer } from './lib/flow.mjs';
import { REPO_ROOT, buildHost, githubCodes, makeVault, tempDir } from './lib/host.mjs';

const run = promisify(execFile);

/** The user_pref lines of user.js, as the prefs object puppeteer writes back. */
async function userPrefs(profile) {
  const text = await readFile(path.join(profile, 'user.js'), 'utf8');
  const prefs = {};
  for (const m of text.matchAll(/^user_pref\("([^"]+)",\s*(.+)\);$/gm)) prefs[m[1]] = JSON.parse(m[2]);
  return prefs;
}

test('firefox: installed with install.sh --firefox-profile, the add-on is still there after a restart', async (t) => {
  const vault = await makeVault(await buildHost(), { backend: 'file' });
  t.after(() => vault.cleanup());
  const home = await tempDir('firefox-kept-home');
  const profile = path.join(home, 'profile');
  await mkdir(profile, { recursive: true });
  t.after(() => rm(home, { recursive: true, force: true }));
  await vault.importCodes({ site: 'github', account: 'octocat', codes: githubCodes(4) });

  // The person's own Go caches: a new HOME would otherwise mean a cold build.
  const [gocache, gomodcache] = (await run('go', ['env', 'GOCACHE', 'GOMODCACHE'])).stdout.trim().split('\n');
  const env = { ...vault.processEnv(), HOME: home, TEAROFF_PREFIX: path.join(home, '.local'), GOCACHE: gocache, GOMODCACHE: gomodcache };
  await run(path.join(REPO_ROOT, 'scripts', 'install.sh'), ['--browser', 'firefox', '--firefox-profile', profile], { env, maxBuffer: 8 << 20 });
  // puppeteer swaps user.js for its own while Firefox runs: hand it install.sh's prefs.
  const prefs = await userPrefs(profile);
  assert.equal(prefs['xpinstall.signatures.required'], false);

  for (const start of ['first', 'second']) {
    const driver = await launchFirefox(vault, { home, profile, prefs });
    try {
      await driver.route(servePages({ [GITHUB_RECOVERY]: 'github-recovery.html' }));
      const page = await driver.newPage();
      await page.goto(GITHUB_RECOVERY);
      await waitForOffer(driver, page, 'octocat').catch((err) => {
        throw new Error(`${start} start: no offer, so the add-on is not loaded or cannot reach the host: ${err.message}`);
      });
    } finally {
      await driver.close();
    }
  }
});
