// Where Tearoff must offer nothing and fill nothing, in Chromium and Firefox ESR:
// look-alike "code" fields, a look-alike domain, plain http, a cross-origin iframe
// and a page script clicking the offer. "Nothing appeared" is only worth something
// once the content script has certainly looked, so every case waits on a sentinel
// (an offer it had to make in the same page after it looked, or a control page),
// never on a fixed sleep; and every case ends with the vault untouched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubCodes } from './lib/host.mjs';
import { BROWSERS, GITHUB_RECOVERY, fieldValue, fillFromOffer, servePages, setup, waitForCodeState, waitForOffer } from './lib/flow.mjs';
import { accountOf, assertVaultUntouched, offersIn, valuesOf, waitForOfferAfter, watchWorlds } from './lib/checks.mjs';

const CHECKOUT = 'https://github.com/organizations/acme/billing/checkout';
const LOOKALIKE = 'https://github.com.evil.example/sessions/two-factor/recovery';
const HTTP_RECOVERY = 'http://github.com/sessions/two-factor/recovery';
const WIDGET = 'https://embed.example.net/login-widget';
// Firefox turns http://github.com into https before any extension sees it (github.com
// is on its HSTS preload list). This test is about the extension: the page must stay http.
const HTTP_STAYS_HTTP = { 'network.stricttransportsecurity.preloadlist': false };

/** Appends a form with a real recovery-code field (id `id`) to the page's top document. */
function addRecoveryField(page, id) {
  return page.evaluate((fieldId) => {
    let form = document.getElementById('sentinel-form');
    if (!form) {
      form = document.createElement('form');
      form.id = 'sentinel-form';
      form.addEventListener('submit', (ev) => ev.preventDefault());
      document.body.append(form);
    }
    const label = document.createElement('label');
    label.htmlFor = fieldId;
    label.textContent = 'Recovery code';
    const input = document.createElement('input');
    Object.assign(input, { id: fieldId, name: 'recovery_code', autocomplete: 'one-time-code' });
    form.append(label, input);
  }, id);
}

async function githubVault(vault) {
  await vault.importCodes({ site: 'github', account: 'octocat', codes: githubCodes() });
}

for (const browser of BROWSERS) {
  test(`${browser}: coupon, ZIP and search fields on a site with codes get no offer and no fill`, async (t) => {
    const { vault, driver } = await setup(t, browser);
    await githubVault(vault);
    await driver.route(servePages({ [CHECKOUT]: 'coupon.html' }));
    const page = await driver.newPage();
    await page.goto(CHECKOUT);

    // Sentinel 1: a real recovery field added after load gets the offer. The
    // content script shows one offer at a time and keeps a valid one, so had it
    // offered on a coupon/ZIP field, that offer would still stand here instead.
    await addRecoveryField(page, 'sentinel-1');
    await waitForOfferAfter(driver, page, 'sentinel-1');
    assert.deepEqual(await offersIn(page), [{ state: 'offer', after: 'sentinel-1', accounts: ['octocat'] }]);

    // Coupon fields alone: remove the sentinel field (its offer stays in the DOM).
    // The scan that drops the offer reads the inputs in the same task, so once the
    // offer is gone a scan over just the coupon/ZIP/search fields has started, and
    // sentinel 2 below is scanned after it: it can get an offer only if that scan
    // offered nothing.
    await page.evaluate(() => document.getElementById('sentinel-1').remove());
    await driver.waitFor(page, () => !document.querySelector('[data-tearoff]'));
    await addRecoveryField(page, 'sentinel-2');
    await waitForOfferAfter(driver, page, 'sentinel-2');
    assert.deepEqual(await offersIn(page), [{ state: 'offer', after: 'sentinel-2', accounts: ['octocat'] }]);

    assert.deepEqual(await valuesOf(page, '#checkout input'), ['', '', '', '', '', ''], 'nothing filled into the checkout form');
    assert.deepEqual(await valuesOf(page, 'input[name=q]'), ['']);
    await assertVaultUntouched(vault, 'no code was reserved');
  });

  test(`${browser}: a look-alike domain is offered its own codes only, never GitHub's`, async (t) => {
    const { vault, driver } = await setup(t, browser);
    await githubVault(vault);
    // The sentinel: codes stored for the look-alike's own registrable domain, so
    // an offer must appear on this page, and it shows which accounts the host matched.
    const sentinel = ['11112222', '33334444', '55556666'];
    await vault.importCodes({ site: 'evil.example', account: 'sentinel', codes: sentinel });
    await driver.route(servePages({ [LOOKALIKE]: 'github-recovery.html' }));
    const page = await driver.newPage();
    await page.goto(LOOKALIKE);

    await waitForOffer(driver, page, 'sentinel');
    const offers = await offersIn(page);
    assert.equal(offers.length, 1);
    assert.deepEqual(offers[0].accounts, ['sentinel'], 'only the look-alike\'s own account, never octocat');

    if (browser === 'chromium') {
      // Reserving octocat's code through the extension, from this page's content
      // script world itself: the background hands the host the tab's real URL,
      // and the host refuses GitHub's codes to it.
      const worlds = await watchWorlds(driver, page);
      const world = await worlds.waitForTearoff('https://github.com.evil.example');
      const octocat = await accountOf(vault, 'github', 'octocat');
      const { result } = await worlds.session.send('Runtime.evaluate', {
        contextId: world.id,
        expression: `chrome.runtime.sendMessage({type: 'tearoff:reserve', account: ${JSON.stringify(octocat.id)}})`,
        awaitPromise: true,
        returnByValue: true,
      });
      assert.equal(result.value?.ok, false, JSON.stringify(result));
      assert.equal(result.value.error.code, 'origin_mismatch');
      await worlds.detach();
    }
    const octocat = await accountOf(vault, 'github', 'octocat');
    assert.ok(octocat.codes.every((c) => c.state === 'unused'), 'no GitHub code was reserved');
    // And a trusted click fills the look-alike's own code, not GitHub's.
    assert.equal(await fillFromOffer(driver, page, 'sentinel', '#recovery_code'), sentinel[0]);
    await waitForCodeState(vault, 'evil.example', 'sentinel', sentinel[0], 'reserved');
    const after = await accountOf(vault, 'github', 'octocat');
    assert.ok(after.codes.every((c) => c.state === 'unused'), 'still no GitHub code reserved');
  });

  test(`${browser}: an http:// page gets no content script, so no offer`, async (t) => {
    const { vault, driver } = await setup(t, browser, { prefs: HTTP_STAYS_HTTP });
    await githubVault(vault);
    await driver.route(servePages({ [HTTP_RECOVERY]: 'github-recovery.html', [GITHUB_RECOVERY]: 'github-recovery.html' }));

    const http = await driver.newPage();
    const httpWorlds = browser === 'chromium' ? await watchWorlds(driver, http) : null;
    await http.goto(HTTP_RECOVERY);
    assert.equal(await http.evaluate(() => location.protocol), 'http:');

    // Control, loaded after the http page: the same fixture over https gets its
    // offer, so the extension is live and the http page has had longer than an
    // offer takes. (Firefox exposes no extension content-script realms over BiDi
    // — script.getRealms lists only the page's and puppeteer's own — so there
    // this ordering is the sentinel.)
    const https = await driver.newPage();
    const httpsWorlds = browser === 'chromium' ? await watchWorlds(driver, https) : null;
    await https.goto(GITHUB_RECOVERY);
    await waitForOffer(driver, https, 'octocat');

    if (browser === 'chromium') {
      // Deterministic in Chromium: the content script's isolated world exists in the
      // https document (so this check can fail) and was never created in the http one.
      await httpsWorlds.waitForTearoff('https://github.com');
      assert.deepEqual(httpWorlds.tearoffWorlds(), [], 'no Tearoff world in the http page');
      assert.ok(httpWorlds.contexts.some((c) => c.origin === 'http://github.com'), 'the http page was watched');
    }
    // What the person sees, in both browsers. (Were a content script to run here, the
    // host would still refuse an insecure origin: this part checks the end result.)
    assert.deepEqual(await offersIn(http), []);
    assert.equal(await http.evaluate(() => document.querySelectorAll('[data-tearoff]').length), 0);
    assert.equal(await fieldValue(http, '#recovery_code'), '');
    await assertVaultUntouched(vault, 'nothing was reserved');
  });

  test(`${browser}: a cross-origin iframe gets no offer and no fill`, async (t) => {
    const { vault, driver } = await setup(t, browser);
    await githubVault(vault);
    // Codes for the framing site, so its top frame can show the sentinel offer.
    await vault.importCodes({ site: 'example.net', account: 'sentinel', codes: ['11112222', '33334444'] });
    // The frame loads GITHUB_RECOVERY?embedded=1 (servePages ignores the query).
    await driver.route(servePages({ [WIDGET]: 'iframe-outer.html', [GITHUB_RECOVERY]: 'github-recovery-plain.html' }));
    const page = await driver.newPage();
    const topWorlds = browser === 'chromium' ? await watchWorlds(driver, page) : null;
    await page.goto(WIDGET); // resolves on the top frame's load, which waits for the iframe's
    const frame = page.frames().find((f) => f.url().includes('embedded=1'));
    assert.ok(frame, 'the GitHub frame loaded');

    // Sentinel: a recovery field added to the top document after both loaded gets
    // an offer (for example.net's own codes). The frame's document finished loading
    // first, so a content script there would have offered on its field by now.
    await addRecoveryField(page, 'sentinel-1');
    await waitForOfferAfter(driver, page, 'sentinel-1');
    assert.deepEqual(await offersIn(page), [{ state: 'offer', after: 'sentinel-1', accounts: ['sentinel'] }]);

    if (browser === 'chromium') {
      // The top frame has the content script's world; the (out-of-process) frame none.
      await topWorlds.waitForTearoff('https://embed.example.net');
      const frameWorlds = await watchWorlds(driver, frame);
      assert.ok(frameWorlds.contexts.some((c) => c.origin === 'https://github.com'), 'the frame\'s contexts were listed');
      assert.deepEqual(frameWorlds.tearoffWorlds(), [], 'no Tearoff world in the cross-origin frame');
      await frameWorlds.detach();
    }
    // In both browsers: nothing in the frame. (Checked to fail in Firefox too when the
    // content script runs in frames and the background accepts them.)
    assert.equal(await frame.evaluate(() => document.querySelectorAll('[data-tearoff]').length), 0);
    assert.equal(await fieldValue(frame, '#recovery_code'), '');
    await assertVaultUntouched(vault, 'nothing was reserved');
  });

  test(`${browser}: a click() from page script fills nothing; a trusted click then does`, async (t) => {
    const { vault, driver } = await setup(t, browser);
    await githubVault(vault);
    await driver.route(servePages({ [GITHUB_RECOVERY]: 'github-recovery-plain.html' }));
    const page = await driver.newPage();
    await page.goto(`${GITHUB_RECOVERY}?page-click`);
    await waitForOffer(driver, page, 'octocat');
    // The page presses the fill button through the open shadow root (click(), a
    // synthetic click, focus and synthetic Enter/Space), then records the field after its own delay.
    await driver.waitFor(page, () => document.body.dataset.fieldAfterClick !== undefined);
    assert.equal(await page.evaluate(() => document.body.dataset.pageClicked), '1');
    assert.equal(await page.evaluate(() => document.body.dataset.fieldAfterClick), '', 'the untrusted clicks filled nothing');

    // Sentinel for a fill still under way: hide the field (its offer is then dropped)
    // and add another recovery field. Offering there takes one more host request
    // from this content script, and the host answers in request order, so by the
    // time that offer shows, a reserve sent for the page's clicks would have been
    // answered, written to the vault and filled into the (hidden, still attached) field.
    await page.evaluate(() => { document.getElementById('recovery_code').style.display = 'none'; });
    await addRecoveryField(page, 'sentinel-1');
    await waitForOfferAfter(driver, page, 'sentinel-1');
    assert.equal(await fieldValue(page, '#recovery_code'), '', 'the page\'s field stayed empty');
    await assertVaultUntouched(vault, 'the untrusted clicks reserved nothing');

    // A trusted click fills exactly the next code and reserves only it.
    const next = await vault.next('github', 'octocat');
    assert.equal(await fillFromOffer(driver, page, 'octocat', '#sentinel-1'), next);
    await waitForCodeState(vault, 'github', 'octocat', next, 'reserved');
    const acc = await accountOf(vault, 'github', 'octocat');
    assert.deepEqual(acc.codes.filter((c) => c.state !== 'unused').map((c) => c.code), [next]);
    assert.equal(await fieldValue(page, '#recovery_code'), '');
  });
}
