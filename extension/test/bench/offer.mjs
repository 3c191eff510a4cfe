// Rows 1 and 2 (and the browser's floors and the host's peak RSS) for one
// browser: a GitHub recovery step inserted into an already-loaded page,
// SPA-style, timed in the page until the offer and its fill button are in the
// DOM; then a trusted click until the field is filled, and Enter until the
// vault shows the code used. Only the DOM hooks (data-tearoff) and the CLI are used.
import { watch } from 'node:fs';
import { fillSelector, GITHUB_RECOVERY, launch } from '../e2e/lib/flow.mjs';
import { buildHost, githubCodes, makeVault, until } from '../e2e/lib/host.mjs';
import { ECHO_NAME, closePort, installEcho, nativeTimings, peakRss, withProductCost } from './native.mjs';

// The step lives in a <template> until the bench inserts it; the submit handler
// stands in for GitHub's server.
export const SHELL = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Two-factor recovery · GitHub</title></head>
<body><main></main>
<template id="bench-step"><div class="auth-form"><h1>Two-factor recovery</h1>
<form id="recovery-form" action="/sessions/two-factor/recovery" method="post">
<label for="recovery_code">Recovery code</label>
<input type="text" name="recovery_code" id="recovery_code" autocomplete="off" placeholder="XXXXX-XXXXX">
<button type="submit">Verify</button></form></div></template>
<script>
document.addEventListener('submit', (ev) => { ev.preventDefault(); document.querySelector('main').innerHTML = '<h1>Welcome back</h1>'; });
</script></body></html>`;

const ACCOUNT = 'octocat';
const TIMEOUT_MS = 15_000;

// In the page: resolves once the document has loaded and the main thread went
// idle, i.e. document_idle content scripts have run.
export const settled = () => new Promise((resolve) => {
  const idle = () => requestIdleCallback(() => resolve(), { timeout: 1000 });
  if (document.readyState === 'complete') idle(); else addEventListener('load', idle, { once: true });
});

// In the page: inserts the step and times, from the insertion, the offer's
// element and its fill button appearing (observers, no polling).
export const insertAndTime = (timeoutMs) => new Promise((resolve, reject) => {
  let offerAt = null;
  let inner = null;
  let t0 = 0;
  const stop = () => { outer.disconnect(); inner?.disconnect(); clearTimeout(timer); };
  const check = () => {
    const host = document.querySelector('[data-tearoff="offer"]');
    if (!host) return;
    offerAt ??= performance.now() - t0;
    if (host.shadowRoot?.querySelector('[data-tearoff="fill"]')) {
      stop();
      resolve({ offer: offerAt, fill: performance.now() - t0 });
    } else if (host.shadowRoot && !inner) {
      inner = new MutationObserver(check);
      inner.observe(host.shadowRoot, { childList: true, subtree: true });
    }
  };
  const outer = new MutationObserver(check);
  outer.observe(document.body, { childList: true, subtree: true });
  const timer = setTimeout(() => { stop(); reject(new Error(`no offer with a fill button within ${timeoutMs} ms`)); }, timeoutMs);
  t0 = performance.now();
  document.querySelector('main').append(document.getElementById('bench-step').content.cloneNode(true));
});

// In the page: from the next trusted click, time until the field holds a value
// (the fill's input event, or a frame that sees the value), and record the
// epoch time of the next trusted Enter.
const armClickAndSubmit = () => {
  const b = { click: null, filled: null, enterEpoch: null };
  globalThis.__tearoffBench = b;
  const field = () => document.getElementById('recovery_code');
  const filled = () => {
    if (b.click !== null && b.filled === null && field()?.value) b.filled = performance.now() - b.click;
  };
  addEventListener('click', (ev) => {
    if (!ev.isTrusted || b.click !== null) return;
    b.click = performance.now();
    const frame = () => { filled(); if (b.filled === null) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
  }, true);
  document.addEventListener('input', filled, true);
  addEventListener('keydown', (ev) => {
    if (ev.isTrusted && ev.key === 'Enter' && b.enterEpoch === null) b.enterEpoch = performance.timeOrigin + performance.now();
  }, true);
};

const epochNow = () => performance.timeOrigin + performance.now();

/**
 * The page's epoch clock minus ours: the browser's and Node's wall clocks can
 * differ by milliseconds, as much as a fast vault write takes. Taken from the
 * shortest of a few round trips; `rtt` bounds its error.
 */
async function pageClockOffset(page) {
  let best = null;
  for (let i = 0; i < 3; i++) {
    const before = epochNow();
    const there = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = epochNow();
    if (!best || after - before < best.rtt) best = { rtt: after - before, offset: there - (before + after) / 2 };
  }
  return best;
}

/**
 * Watches the file vault's directory; usedAfter(code, since) resolves to the
 * epoch time of the last vault write before the CLI first reports `code` used.
 */
function vaultWatcher(vault) {
  const writes = [];
  // The file backend keeps its items in this one directory; a plain inotify
  // watch on it sees every create and rename (a recursive watch in Node 20
  // follows files and loses them when an item is replaced by a rename).
  const watcher = watch(vault.env.TEAROFF_FILE_DIR, () => writes.push(epochNow()));
  return {
    async usedAfter(code, since) {
      return until(async () => {
        const asked = epochNow();
        const acc = (await vault.list()).find((a) => a.account === ACCOUNT);
        if (acc?.codes.find((c) => c.code === code)?.state !== 'used') return null;
        const last = writes.filter((t) => t >= since && t <= asked).pop();
        if (last === undefined) throw new Error('the code is used but no vault write was seen');
        return last;
      }, { timeoutMs: TIMEOUT_MS, intervalMs: 20, what: `code ${code} to be used` });
    },
    close: () => watcher.close(),
  };
}

/**
 * Sessions of one browser: each a fresh browser whose first page gives a cold
 * sample, then `warm` more pages each giving warm samples and a click/submit.
 * The first session also times the echo host and tearoff from inside the
 * extension. Resolves to {samples, failure}.
 */
export async function browserSessions(browserName, { sessions, warm, floorReps, echoBin }) {
  const bin = await buildHost();
  const s = {
    coldOffer: [], coldFill: [], warmOffer: [], warmFill: [], click: [], used: [],
    echoSpawn: [], echoPort: [], hostSpawn: [], hostRss: [], echoRss: [],
  };
  let failure = null;
  for (let i = 0; i < sessions && !failure; i++) {
    try {
      await oneSession(browserName, bin, s, { warm, floorReps: i === 0 ? floorReps : 0, echoBin });
    } catch (err) {
      failure = err;
    }
  }
  return { samples: s, failure };
}

async function oneSession(browserName, bin, s, { warm, floorReps, echoBin }) {
  const vault = withProductCost(await makeVault(bin, { backend: 'file' }));
  let driver;
  let watcher;
  try {
    await vault.importCodes({ site: 'github', account: ACCOUNT, codes: githubCodes() });
    driver = await launch(browserName, vault);
    await driver.route(async () => ({ body: SHELL }));
    const page = await driver.newPage();
    // Cold: the first page of a fresh browser.
    await page.goto(GITHUB_RECOVERY);
    await page.evaluate(settled);
    const cold = await page.evaluate(insertAndTime, TIMEOUT_MS);
    s.coldOffer.push(cold.offer);
    s.coldFill.push(cold.fill);
    watcher = vaultWatcher(vault);
    for (let w = 0; w < warm; w++) {
      await page.goto(GITHUB_RECOVERY);
      await page.evaluate(settled);
      const t = await page.evaluate(insertAndTime, TIMEOUT_MS);
      s.warmOffer.push(t.offer);
      s.warmFill.push(t.fill);
      await page.evaluate(armClickAndSubmit);
      await page.click(fillSelector(driver, ACCOUNT));
      await driver.waitFor(page, () => globalThis.__tearoffBench.filled !== null, undefined, TIMEOUT_MS);
      const { filled } = await page.evaluate(() => globalThis.__tearoffBench);
      s.click.push(filled);
      const code = await page.evaluate(() => document.getElementById('recovery_code').value);
      const clock = await pageClockOffset(page);
      await page.focus('#recovery_code');
      await page.keyboard.press('Enter');
      const { enterEpoch } = await page.evaluate(() => globalThis.__tearoffBench);
      if (enterEpoch === null) throw new Error('the Enter key press did not reach the page');
      const enter = enterEpoch - clock.offset; // on our clock
      s.used.push(await watcher.usedAfter(code, enter - clock.rtt) - enter);
    }
    // The host has served the whole session: its peak RSS.
    const rss = await peakRss(bin);
    if (rss) s.hostRss.push(rss);
    if (floorReps > 0) {
      await installEcho(driver, echoBin);
      const echo = await nativeTimings(driver, { name: ECHO_NAME, spawn: floorReps, port: floorReps * 4, keep: true });
      s.echoSpawn.push(...echo.spawnMs);
      s.echoPort.push(...echo.portMs);
      const echoRss = await peakRss(echoBin);
      if (echoRss) s.echoRss.push(echoRss);
      await closePort(driver);
      // Half as many: each start of tearoff on a file vault pays its scrypt.
      const host = await nativeTimings(driver, { name: 'dev.tearoff.host', spawn: Math.ceil(floorReps / 2), port: 0 });
      s.hostSpawn.push(...host.spawnMs);
    }
  } finally {
    watcher?.close();
    await driver?.close();
    await vault.cleanup();
  }
}
