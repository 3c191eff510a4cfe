// The positive flow on every fixture site except GitHub's recovery step (github-flow),
// in Chromium and Firefox ESR: offer shown -> trusted click -> the field holds exactly
// `tearoff next`'s code -> submit -> `tearoff list --json` shows it used -> the step
// loaded again -> the next code is offered and filled (lib/flow.mjs positiveFlow).
// Sites that keep backup codes on their own step (GitHub's app step, X's code step)
// go there through the offer's "Use a backup code" first, each visit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIGITS, HEX, LOWER_ALNUM, githubCodes, randomCodes as codes, until } from './lib/host.mjs';
import { BROWSERS, GITHUB_RECOVERY, positiveFlow, servePages, setup } from './lib/flow.mjs';
import { switchSelector } from './lib/checks.mjs';

const GITHUB_APP = 'https://github.com/sessions/two-factor/app';
const GOOGLE_BC = 'https://accounts.google.com/v3/signin/challenge/bc?TL=fixture&flowName=GlifWebSignIn';
const X_LOGIN = 'https://x.com/i/flow/login';
const GITLAB_SIGN_IN = 'https://gitlab.com/users/sign_in';
const GENERIC_JA = 'https://www.example.co.jp/mypage/login/verify';


/**
 * A TOTP-style step where the offer must not fill but lead on: waits for the
 * offer's "Use a backup code" button, checks it carries no fill button, and clicks it.
 */
async function takeSwitch(driver, page) {
  await driver.waitVisible(page, switchSelector(driver));
  const fills = await page.evaluate(() => document.querySelector('[data-tearoff="offer"]').shadowRoot.querySelectorAll('[data-tearoff="fill"]').length);
  assert.equal(fills, 0, 'the TOTP step offers no fill: its field takes no backup codes');
  await page.click(switchSelector(driver));
}

const cases = [
  {
    name: "GitHub's app (TOTP) step leads to the recovery step",
    site: 'github', account: 'octocat', codes: githubCodes(),
    pages: { [GITHUB_APP]: 'github-app.html', [GITHUB_RECOVERY]: 'github-recovery.html' },
    url: GITHUB_RECOVERY, field: '#recovery_code',
    open: (driver) => async (page) => {
      await page.goto(GITHUB_APP);
      await takeSwitch(driver, page);
      // The script follows GitHub's own "Enter a two-factor recovery code" link.
      await until(() => page.url() === GITHUB_RECOVERY, { what: 'the recovery step to load' });
    },
  },
  {
    name: "Google's backup-code challenge (Next is a plain button)",
    site: 'google', account: 'fixture.user@gmail.com', codes: codes(10, 8, DIGITS),
    pages: { [GOOGLE_BC.split('?')[0]]: 'google-bc.html' },
    url: GOOGLE_BC, field: 'input[name=backupCodePin]',
    submit: (page) => page.click('#backupCodeNext button'),
  },
  ...['en', 'ja'].map((lang) => ({
    name: `X's login flow (${lang}) through its verification step to the backup code`,
    // X issues one code at a time; a short list stands in for successive ones.
    site: 'x', account: 'jack', codes: codes(3, 12, LOWER_ALNUM), lang,
    // One fixture; ?lang=ja switches the page to Japanese, as on X itself.
    pages: { [X_LOGIN]: 'x-login.html' },
    url: `${X_LOGIN}?lang=${lang}`, field: 'input[name=text]',
    open: (driver) => async (page) => {
      await page.goto(`${X_LOGIN}?lang=${lang}`);
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang, 'the page speaks the case\'s language');
      const user = 'input[autocomplete=username]';
      await driver.waitVisible(page, user);
      await page.click(user);
      await page.keyboard.type('jack');
      await page.click('[data-testid=LoginForm_Login_Button]');
      // The code step: its bare input name=text is known by its heading only.
      await takeSwitch(driver, page);
      // positiveFlow then waits for the fill: the script opens "Choose a different
      // verification method" and picks "Backup code" in the chooser itself.
    },
    submit: (page) => page.click('[data-testid=ocfEnterTextNextButton]'),
    // The README's Japanese picture: the offer on X's backup-code step.
    screenshotName: lang === 'ja' ? 'offer-x-ja.png' : undefined,
  })),
  {
    name: "GitLab's OTP field, which takes recovery codes",
    site: 'gitlab', account: 'tanuki', codes: codes(10, 16, HEX),
    pages: { [GITLAB_SIGN_IN]: 'gitlab-otp.html' },
    url: GITLAB_SIGN_IN, field: '#user_otp_attempt',
    submit: (page) => page.click('[data-testid=verify-code-button]'),
  },
  {
    name: 'a Japanese site not in the catalogue, with 確認コード',
    site: 'example.co.jp', account: 'taro', codes: codes(5, 8, DIGITS), lang: 'ja',
    pages: { [GENERIC_JA]: 'generic-ja.html' },
    url: GENERIC_JA, field: '#verify_code',
    submit: (page) => page.click('#verify-form button[type=submit]'),
  },
];

for (const browser of BROWSERS) {
  for (const c of cases) {
    test(`${browser}: ${c.name}: offers, fills and records the next code`, async (t) => {
      const { vault, driver } = await setup(t, browser, { lang: c.lang ?? 'en' });
      await vault.importCodes({ site: c.site, account: c.account, codes: c.codes });
      await driver.route(servePages(c.pages));
      const { first, second } = await positiveFlow(driver, vault, {
        url: c.url, field: c.field, site: c.site, account: c.account,
        submit: c.submit, open: c.open?.(driver),
        screenshotName: browser === 'chromium' ? c.screenshotName : undefined,
      });
      assert.ok(c.codes.includes(first) && c.codes.includes(second), 'both codes came from the imported list');
      // The second fill is reserved, not yet used: it was never submitted.
      const [acc] = await vault.list();
      assert.deepEqual(acc.codes.filter((x) => x.state !== 'unused').map((x) => [x.code, x.state]),
        [[first, 'used'], [second, 'reserved']]);
    });
  }
}
