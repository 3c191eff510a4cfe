// Browser-agnostic steps of the e2e flows, so each site flow is written once and
// run in Chromium (playwright-core) and Firefox (puppeteer-core over BiDi).
// Both drivers' pages share goto/click/focus/keyboard/evaluate/screenshot; what differs
// is behind the driver: deep() (reaching into open shadow roots), waitVisible(page,
// selector, ms) and waitFor(page, fn, arg, ms).
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { launchFirefox } from './firefox.mjs';
import { REPO_ROOT, buildHost, makeVault, until } from './host.mjs';

export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));
export const DOCS_IMG = path.join(REPO_ROOT, 'docs', 'img');
export const BROWSERS = ['chromium', 'firefox'];
const OFFER_TIMEOUT_MS = 15_000;

/** A driver for `browserName` ('chromium' | 'firefox'), with `vault`'s env given to the host. */
export function launch(browserName, vault, opts) {
  if (browserName === 'chromium') return launchChromium(vault, opts);
  if (browserName === 'firefox') return launchFirefox(vault, opts);
  throw new Error(`unknown browser ${browserName}`);
}

/**
 * Per-test setup: the built host, a fresh vault and a launched browser, all
 * torn down by the test's after hooks (browser first, then the vault).
 * `backend` pins the vault's backend (see makeVault); `beforeLaunch(vault)`
 * runs before the browser starts; the other options go to launch().
 */
export async function setup(t, browserName, { backend, beforeLaunch, ...launchOpts } = {}) {
  const bin = await buildHost();
  const vault = await makeVault(bin, { backend });
  let driver;
  try {
    if (beforeLaunch) await beforeLaunch(vault);
    driver = await launch(browserName, vault, launchOpts);
  } catch (err) {
    await vault.cleanup();
    throw err;
  }
  t.after(async () => {
    await driver.close();
    await vault.cleanup();
  });
  return { vault, driver };
}

const fixtureCache = new Map();
/** The text of extension/test/fixtures/NAME. */
export async function fixture(name) {
  if (!fixtureCache.has(name)) fixtureCache.set(name, await readFile(path.join(FIXTURES_DIR, name), 'utf8'));
  return fixtureCache.get(name);
}

/**
 * A route handler serving fixture pages at real URLs. `pages` maps an URL
 * without query or hash ("https://github.com/sessions/two-factor/recovery") to a
 * fixture file name, or to a function (req) => {status?, contentType?, body} | string.
 * Every other request gets an empty 404 page: nothing reaches the network.
 */
export function servePages(pages) {
  return async (req) => {
    const u = new URL(req.url);
    const entry = pages[`${u.origin}${u.pathname}`];
    if (entry === undefined) return { status: 404, body: '<!doctype html><title>404</title>' };
    if (typeof entry === 'function') {
      const res = await entry(req);
      return typeof res === 'string' ? { body: res } : res;
    }
    return { body: await fixture(entry) };
  };
}

/** Selector of the fill button for `account` inside the offer's open shadow root. */
export function fillSelector(driver, account) {
  return driver.deep('[data-tearoff="offer"]', `[data-tearoff="fill"][data-account="${account}"]`);
}

/** Waits for the offer to show a visible fill button for `account`. */
export async function waitForOffer(driver, page, account, { timeoutMs = OFFER_TIMEOUT_MS } = {}) {
  const selector = fillSelector(driver, account);
  await driver.waitVisible(page, selector, timeoutMs);
  return selector;
}

/** The current value of the input matched by `selector`. */
export function fieldValue(page, selector) {
  return page.evaluate((sel) => document.querySelector(sel)?.value ?? null, selector);
}

/**
 * Presses the fill button for `account` with a real (trusted) mouse click, or with
 * `keyboard`, by Tab from the field and Enter (the offer sits right after the field,
 * its fill button first), and waits until `field` holds a value. Resolves to that value.
 */
export async function fillFromOffer(driver, page, account, field, { keyboard = false } = {}) {
  if (keyboard) {
    await page.focus(field);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
  } else {
    await page.click(fillSelector(driver, account));
  }
  await driver.waitFor(page, (sel) => Boolean(document.querySelector(sel)?.value), field, OFFER_TIMEOUT_MS);
  return fieldValue(page, field);
}

/** Submits by pressing Enter in the field (a trusted key press, implicit submission). */
export async function submitWithEnter(page, field) {
  await page.focus(field);
  await page.keyboard.press('Enter');
}

/** Polls the CLI until the code is in `state`; resolves to the code's record. */
export function waitForCodeState(vault, site, account, code, state, timeoutMs = 15_000) {
  return until(async () => {
    const record = await vault.stateOf(site, account, code);
    return record?.state === state ? record : null;
  }, { timeoutMs, intervalMs: 200, what: `code to become ${state}` });
}

/**
 * Saves docs/img/NAME, the whole page with fullPage, else cropped to what the page shows (its elements' union plus
 * a margin) so that README pictures are not mostly empty viewport.
 */
export async function screenshot(page, name, { fullPage = false } = {}) {
  await mkdir(DOCS_IMG, { recursive: true });
  const file = path.join(DOCS_IMG, name);
  if (fullPage) {
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
  const clip = await page.evaluate(() => {
    let right = 0;
    let bottom = 0;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height) continue;
      right = Math.max(right, r.right);
      bottom = Math.max(bottom, r.bottom);
    }
    const margin = 16;
    return {
      x: 0,
      y: 0,
      width: Math.min(window.innerWidth, Math.ceil(right) + margin),
      height: Math.min(window.innerHeight, Math.ceil(bottom) + margin),
    };
  });
  await page.screenshot({ path: file, clip: clip.width > 50 && clip.height > 50 ? clip : undefined });
  return file;
}

export const GITHUB_RECOVERY = 'https://github.com/sessions/two-factor/recovery';

/**
 * The positive flow on one page: offer -> trusted click -> the field holds
 * exactly `tearoff next`'s code -> submit -> the CLI shows it used -> load the
 * step again -> the next code is offered and filled. Returns the two codes.
 * @param {object} o
 * @param {string} o.url the step's URL; o.field the code input's selector
 * @param {string} o.site, o.account as imported
 * @param {(page) => Promise<void>} [o.submit] defaults to Enter in the field
 * @param {(page) => Promise<void>} [o.open] brings the page to the step where the
 *   fill is offered (e.g. through a TOTP step's "Use a backup code"); defaults to
 *   page.goto(url). Called again for the second visit.
 * @param {string} [o.screenshotName] saved to docs/img/ once the offer shows
 */
export async function positiveFlow(driver, vault, { url, field, site, account, submit, open, screenshotName }) {
  const page = await driver.newPage();
  const visit = open ?? ((p) => p.goto(url));
  await visit(page);
  await waitForOffer(driver, page, account);
  if (screenshotName) await screenshot(page, screenshotName);

  const first = await vault.next(site, account);
  assert.equal(await fillFromOffer(driver, page, account, field), first, 'the field holds exactly `tearoff next`');
  await waitForCodeState(vault, site, account, first, 'reserved');

  await (submit ? submit(page) : submitWithEnter(page, field));
  const used = await waitForCodeState(vault, site, account, first, 'used');
  assert.equal(new URL(used.used_on).origin, new URL(url).origin, 'used_on is the page the code went to');
  // The fixtures note what their submit sent in body.dataset.submitted: the page got exactly the code.
  const sent = await page.evaluate(() => document.body.dataset.submitted ?? null);
  if (sent !== null) assert.equal(sent, first, 'the page received the filled code');

  await visit(page); // load the step again (a GET; reload() would re-POST)
  await waitForOffer(driver, page, account);
  const second = await vault.next(site, account);
  assert.notEqual(second, first, 'a used code is never offered again');
  assert.equal(await fillFromOffer(driver, page, account, field), second);
  return { page, first, second };
}
