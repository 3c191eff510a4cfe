// Real pages nobody here wrote (../shared/corpus, beside the repository; see its
// README): each is served under its own URL in Chromium, with codes stored for its
// site, so the only thing between the page and an offer is detection. Every page is
// looked at twice: once loaded, and again after typing into its first visible text
// input. A negative that is not `borderline` must get no offer; positives must get one.
// Each page's result is printed.
//
// The corpus is not part of the repository. In CI (CI=true) a missing corpus fails
// the test; elsewhere it is skipped with a message saying where it was looked for.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { DIGITS, REPO_ROOT, randomCodes } from './lib/host.mjs';
import { setup } from './lib/flow.mjs';
import { offersIn } from './lib/checks.mjs';

const CORPUS_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');
const present = existsSync(path.join(CORPUS_DIR, 'corpus.json'));
const skip = !present && process.env.CI !== 'true' ? `no corpus at ${CORPUS_DIR} (it sits beside the repository in CI)` : false;

/** Asks the content script for a scan and waits until one that began after the ask has finished (content/probe.js). */
async function scanned(driver, page, token) {
  await page.evaluate((t) => document.documentElement.setAttribute('data-tearoff-probe', t), token);
  await driver.waitFor(page, (t) => document.documentElement.getAttribute('data-tearoff-scanned') === t, token);
}

test('corpus: real look-alike pages get no offer, real verification steps get one (Chromium)', { skip }, async (t) => {
  assert.ok(present, `the corpus is missing at ${CORPUS_DIR} (CI=true)`);
  const entries = JSON.parse(await readFile(path.join(CORPUS_DIR, 'corpus.json'), 'utf8'));
  assert.ok(entries.length > 0, 'the corpus lists pages');
  // File backend whatever the run: this test is about detection, not the keyring.
  const { vault, driver } = await setup(t, 'chromium', { backend: 'file' });
  const bodies = new Map();
  for (const e of entries) {
    // --site takes the page URL; the host files it under the page's registrable domain.
    // Distinct codes per page: several pages share a site, and a site never gives two accounts one code.
    await vault.importCodes({ site: e.url, account: e.name, codes: randomCodes(3, 10, DIGITS) });
    bodies.set(e.url, await readFile(path.join(CORPUS_DIR, 'pages', `${e.name}.html`), 'utf8'));
  }
  await driver.route(async (req) => {
    const body = bodies.get(req.url);
    return body === undefined ? { status: 404, body: '' } : { body };
  });

  const results = [];
  for (const e of entries) {
    const page = await driver.newPage();
    const started = Date.now();
    try {
      await page.goto(e.url, { waitUntil: 'load' });
      await scanned(driver, page, 'loaded');
      let offers = (await offersIn(page)).length;
      // Mark the first visible text input, then type into it with real key presses.
      const typed = await page.evaluate(() => {
        const textlike = new Set(['', 'text', 'tel', 'number', 'password', 'email', 'search']);
        const first = Array.from(document.querySelectorAll('input')).find((i) => textlike.has((i.getAttribute('type') || '').toLowerCase())
          && !i.disabled && !i.readOnly && i.checkVisibility({ checkVisibilityCSS: true, visibilityProperty: true }));
        if (first) first.setAttribute('data-corpus-first', '');
        return Boolean(first);
      });
      if (typed) {
        // Focus, not click: without their stylesheets some pages cover the field with other boxes.
        await page.focus('[data-corpus-first]');
        await page.keyboard.type('abc123');
        await scanned(driver, page, 'typed');
        offers = Math.max(offers, (await offersIn(page)).length);
      }
      results.push({ ...e, offers, typed, ms: Date.now() - started });
    } finally {
      await page.close();
    }
  }

  const positive = (e) => e.label.startsWith('positive');
  for (const r of results) {
    const verdict = positive(r) ? (r.offers ? 'ok' : 'MISSED') : r.offers ? (r.borderline ? 'offer (borderline)' : 'FALSE OFFER') : 'ok';
    t.diagnostic(`${verdict.padEnd(18)} ${r.label.padEnd(22)} offers=${r.offers} ${String(r.ms).padStart(5)} ms ${r.name}`);
  }
  const falseOffers = results.filter((r) => !positive(r) && !r.borderline && r.offers > 0).map((r) => r.name);
  const missed = results.filter((r) => positive(r) && r.offers === 0).map((r) => r.name);
  assert.deepEqual(falseOffers, [], 'offers on non-borderline negatives');
  assert.deepEqual(missed, [], 'positives without an offer');
});
