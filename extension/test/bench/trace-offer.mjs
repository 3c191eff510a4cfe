// Why field → offer takes what it takes, from Chromium's own trace: inserts the
// GitHub recovery step into a loaded page (as browser.mjs does) while tracing,
// and prints the content script's timers and its main-thread work between the
// insertion and the fill button. Used for docs/benchmarks.md; not part of the run.
//   TEAROFF_BIN=... node test/bench/trace-offer.mjs [--cold]   (--cold: the browser's first page)
import { GITHUB_RECOVERY, launch } from '../e2e/lib/flow.mjs';
import { buildHost, githubCodes, makeVault } from '../e2e/lib/host.mjs';
import { SHELL, insertAndTime, settled } from './offer.mjs';

const vault = await makeVault(await buildHost(), { backend: 'file' });
const driver = await launch('chromium', vault);
try {
  await vault.importCodes({ site: 'github', account: 'octocat', codes: githubCodes() });
  await driver.route(async () => ({ body: SHELL }));
  const page = await driver.newPage();
  for (let warmup = process.argv.includes('--cold') ? 2 : 0; warmup < 2; warmup++) {
    await page.goto(GITHUB_RECOVERY);
    await page.evaluate(settled);
    await page.evaluate(insertAndTime, 15_000);
  }
  await page.goto(GITHUB_RECOVERY);
  await page.evaluate(settled);
  const cdp = await driver.context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] } });
  const t = await page.evaluate(insertAndTime, 15_000);
  await cdp.send('Tracing.end');
  await complete;
  console.log(`field → offer ${t.offer.toFixed(1)} ms, → fill button ${t.fill.toFixed(1)} ms`);
  // The renderer's main thread: the thread of the page's own FunctionCall events.
  const ours = events.filter((e) => e.name === 'FunctionCall' && e.args?.data?.url?.startsWith('chrome-extension://'));
  const main = ours[0] ? { pid: ours[0].pid, tid: ours[0].tid } : null;
  const onMain = (e) => main && e.pid === main.pid && e.tid === main.tid;
  // From the page's own 15 s guard timer, installed right before the insertion.
  const t0 = events.find((e) => onMain(e) && e.name === 'TimerInstall' && e.args?.data?.timeout === 15_000)?.ts ?? 0;
  const rel = (e) => ((e.ts - t0) / 1000).toFixed(1).padStart(7);
  for (const e of events.filter(onMain).sort((a, b) => a.ts - b.ts)) {
    const d = e.args?.data ?? {};
    if (e.name === 'TimerInstall') console.log(`${rel(e)} ms  TimerInstall timeout=${d.timeout} ms single=${d.singleShot}`);
    if (e.name === 'TimerFire') console.log(`${rel(e)} ms  TimerFire id=${d.timerId}`);
    if (e.name === 'FunctionCall' && d.url?.startsWith('chrome-extension://')) {
      console.log(`${rel(e)} ms  content script ${d.url.replace(/^chrome-extension:\/\/[^/]+\//, '')}:${d.functionName || '(anonymous)'} ${((e.dur ?? 0) / 1000).toFixed(2)} ms`);
    }
  }
  const busy = events.filter((e) => onMain(e) && e.name === 'RunTask').reduce((s, e) => s + (e.dur ?? 0), 0) / 1000;
  const script = ours.filter(onMain).reduce((s, e) => s + (e.dur ?? 0), 0) / 1000;
  console.log(`renderer main thread over the trace: ${busy.toFixed(1)} ms busy in tasks, ${script.toFixed(1)} ms in the content script`);
} finally {
  await driver.close();
  await vault.cleanup();
}
