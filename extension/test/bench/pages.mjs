// Row 5: what Tearoff costs pages that are not logins. A heavy page (about
// 10,000 elements, ten changes every 10 ms, search and comment inputs coming
// and going) in three arms: no extension, a control extension whose content
// script is empty, and Tearoff. Fresh Chromium per run, arms alternating; CDP
// Performance.getMetrics gives the renderer's main-thread busy time
// (TaskDuration) and script time (ScriptDuration).
// The page does a fixed number of ticks, however long they take: rendering
// keeps its main thread busy, so a page that ran for a fixed time got 200 to
// 290 ticks from run to run, and its own script time moved with them. Every
// arm now runs the same page work.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_BIN, chromiumArgs, launchChromium } from '../e2e/lib/chromium.mjs';
import { buildHost, makeVault, tempDir } from '../e2e/lib/host.mjs';
import { withProductCost } from './native.mjs';
import { row } from './stats.mjs';

export const PAGE_URL = 'https://www.example.com/feed';
const ITEMS = 2000; // 5 elements each

/** The heavy page, doing `ticks` ticks of ten changes, 10 ms apart. */
export function heavyPage(ticks) {
  const items = Array.from({ length: ITEMS }, (_, i) => `<article><h3>Item ${i}</h3><p>Story <span>${i}</span> <a href="#${i}">more</a></p></article>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Feed</title></head><body>
<header id="top"></header><section id="feed">${items}</section><footer id="bottom"></footer>
<script>
addEventListener('load', () => {
  const items = document.querySelectorAll('#feed article');
  let n = 0;
  let ticks = 0;
  const toggle = (id, html) => {
    const old = document.getElementById(id);
    if (old) { old.remove(); return; }
    const el = document.createElement('div');
    el.id = id;
    el.innerHTML = html;
    document.getElementById(id === 'search' ? 'top' : 'bottom').append(el);
  };
  const tick = () => {
    // Ten changes every 10 ms: at most 1,000 mutations a second.
    for (let k = 0; k < 10; k++, n++) {
      const item = items[(n * 7919) % items.length];
      switch (n % 4) {
        case 0: item.querySelector('span').textContent = String(n); break;
        case 1: item.classList.toggle('hot'); break;
        case 2: { const b = document.createElement('b'); b.className = 'badge'; b.textContent = 'new'; item.append(b); break; }
        default: item.querySelector('.badge')?.remove();
      }
    }
    ticks++;
    if (ticks % 50 === 0) toggle('search', '<form role="search"><input type="search" name="q" placeholder="Search"></form>');
    if (ticks % 70 === 0) toggle('comment', '<form><input name="author" placeholder="Name"><textarea name="comment" placeholder="Add a comment"></textarea><button>Post</button></form>');
    if (ticks < ${ticks}) setTimeout(tick, 10); else console.log('bench:done');
  };
  setTimeout(tick, 10);
});
</script></body></html>`;
}

// An extension that injects an empty content script into every https page.
export async function controlExtension() {
  const dir = await tempDir('control-ext');
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify({
    manifest_version: 3, name: 'Bench control', version: '1.0',
    content_scripts: [{ matches: ['https://*/*'], js: ['empty.js'], run_at: 'document_idle' }],
  }));
  await writeFile(path.join(dir, 'empty.js'), '');
  return dir;
}

export async function launchArm(arm, controlDir) {
  if (arm === 'tearoff') {
    const vault = withProductCost(await makeVault(await buildHost(), { backend: 'file' }));
    try {
      const driver = await launchChromium(vault);
      await driver.optionsPage.close(); // the onboarding tab; the other arms have none
      return { context: driver.context, close: async () => { await driver.close(); await vault.cleanup(); } };
    } catch (err) {
      await vault.cleanup();
      throw err;
    }
  }
  const profile = await tempDir('chromium-arm');
  await mkdir(profile, { recursive: true });
  const ext = arm === 'control' ? controlDir : null;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_BIN,
    headless: true,
    ignoreDefaultArgs: ext ? ['--disable-extensions'] : [],
    args: chromiumArgs(ext),
    viewport: { width: 1000, height: 720 },
  });
  return { context, close: async () => { await context.close().catch(() => {}); await rm(profile, { recursive: true, force: true }); } };
}

async function oneRun(arm, html, controlDir) {
  const { context, close } = await launchArm(arm, controlDir);
  try {
    await context.route(/^https?:\/\//, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const done = page.waitForEvent('console', { predicate: (m) => m.text() === 'bench:done', timeout: 120_000 });
    await page.goto(PAGE_URL);
    await done;
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    const load = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return nav.loadEventEnd - nav.startTime;
    });
    return { task: m.TaskDuration * 1000, script: m.ScriptDuration * 1000, load };
  } finally {
    await close();
  }
}

const ARMS = ['none', 'control', 'tearoff'];

/** Runs `reps` rounds of the three arms (order rotating) and returns the rows. */
export async function pageCost({ reps, ticks }) {
  const html = heavyPage(ticks);
  const controlDir = await controlExtension();
  const got = Object.fromEntries(ARMS.map((a) => [a, { task: [], script: [], load: [] }]));
  let failure = null;
  try {
    for (let r = 0; r < reps && !failure; r++) {
      for (let k = 0; k < ARMS.length; k++) {
        const arm = ARMS[(r + k) % ARMS.length];
        try {
          const res = await oneRun(arm, html, controlDir);
          for (const key of ['task', 'script', 'load']) got[arm][key].push(res[key]);
        } catch (err) {
          failure = err;
          break;
        }
      }
    }
  } finally {
    await rm(controlDir, { recursive: true, force: true });
  }
  const rows = [];
  const metrics = { task: 'page main-thread busy (TaskDuration)', script: 'page script time (ScriptDuration)', load: 'page load time' };
  for (const [key, label] of Object.entries(metrics)) {
    const none = `${label}, no extension`;
    const control = `${label}, control extension`;
    const o = (floor) => ({ floor, failure, note: failure ? '' : `${ticks} ticks of 10 changes per run` });
    rows.push(row(none, '5 page cost', got.none[key], o('')));
    rows.push(row(control, '5 page cost', got.control[key], o(none)));
    rows.push(row(`${label}, Tearoff`, '5 page cost', got.tearoff[key], o(none)));
    rows.push(row(`${label}, Tearoff vs control`, '5 page cost', got.tearoff[key], o(control)));
  }
  return rows;
}
