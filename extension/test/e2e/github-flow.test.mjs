// GitHub's recovery step, end to end, in Chromium and Firefox ESR: codes imported
// through the CLI, the offer on the page, a trusted click fills exactly the next
// code, the submit records it as used, and the next visit offers the next code.
import { test } from 'node:test';
import { githubCodes } from './lib/host.mjs';
import { BROWSERS, GITHUB_RECOVERY, positiveFlow, servePages, setup } from './lib/flow.mjs';

for (const browser of BROWSERS) {
  test(`${browser}: GitHub recovery step offers, fills and records the next code`, async (t) => {
    const { vault, driver } = await setup(t, browser);
    await vault.importCodes({ site: 'github', account: 'octocat', codes: githubCodes() });
    await driver.route(servePages({ [GITHUB_RECOVERY]: 'github-recovery.html' }));
    await positiveFlow(driver, vault, {
      url: GITHUB_RECOVERY,
      field: '#recovery_code',
      site: 'github',
      account: 'octocat',
      // Chromium's picture goes in the README.
      screenshotName: browser === 'chromium' ? 'offer-github.png' : undefined,
    });
  });
}
