// A rejected code, in Chromium and Firefox ESR: the step comes back with the site's
// "invalid code" message (rejected.html re-renders GitHub's recovery form with
// "Recovery code authentication failed." after every submit). The code that was sent
// is spent: the offer says so, the vault has it used, and the next code is offered
// (the second time taken from the keyboard: Tab to the offer, Enter).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubCodes } from './lib/host.mjs';
import { BROWSERS, GITHUB_RECOVERY, fillFromOffer, servePages, setup, submitWithEnter, waitForCodeState, waitForOffer } from './lib/flow.mjs';
import { accountOf, offersIn } from './lib/checks.mjs';

const FIELD = '#recovery_code';

for (const browser of BROWSERS) {
  test(`${browser}: a rejected code is reported spent and the next one is offered`, async (t) => {
    const { vault, driver } = await setup(t, browser);
    await vault.importCodes({ site: 'github', account: 'octocat', codes: githubCodes() });
    await driver.route(servePages({ [GITHUB_RECOVERY]: 'rejected.html' }));
    const page = await driver.newPage();
    await page.goto(GITHUB_RECOVERY);
    const spentNotice = driver.deep('[data-tearoff="offer"]', 'p[data-tearoff="notice"][data-kind="spent"]');

    const sent = [];
    for (let attempt = 1; attempt <= 2; attempt++) {
      await waitForOffer(driver, page, 'octocat');
      const code = await vault.next('github', 'octocat');
      assert.ok(!sent.includes(code), 'a spent code is never offered again');
      // The second fill by keyboard: Enter on the focused button is a trusted activation too.
      const keyboard = attempt === 2;
      assert.equal(await fillFromOffer(driver, page, 'octocat', FIELD, { keyboard }), code, 'the field holds exactly `tearoff next`');
      await waitForCodeState(vault, 'github', 'octocat', code, 'reserved');
      await submitWithEnter(page, FIELD);
      sent.push(code);

      // The site answered "failed" on a fresh form: the code went to the site, so it is spent.
      await driver.waitFor(page, (n) => document.body.dataset.attempts === String(n) && document.body.dataset.result === 'rejected', attempt);
      assert.equal(await page.evaluate(() => document.body.dataset.submitted), code);
      await waitForCodeState(vault, 'github', 'octocat', code, 'used');
      await driver.waitVisible(page, spentNotice);
      // One offer, on the re-rendered field, saying "spent" and offering the next fill.
      await waitForOffer(driver, page, 'octocat');
      assert.deepEqual(await offersIn(page), [{ state: 'spent', after: 'recovery_code', accounts: ['octocat'] }]);
      assert.equal(await page.evaluate((sel) => document.querySelector(sel).value, FIELD), '', 'the new form starts empty');
    }

    // After two rejections: exactly the two sent codes are used, the rest untouched.
    const acc = await accountOf(vault, 'github', 'octocat');
    assert.deepEqual(acc.codes.filter((c) => c.state !== 'unused').map((c) => [c.code, c.state]), sent.map((c) => [c, 'used']));
    // And the fill offered now gives the third code.
    const third = await vault.next('github', 'octocat');
    assert.equal(await fillFromOffer(driver, page, 'octocat', FIELD), third);
  });
}
