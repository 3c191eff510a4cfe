// Why field → offer and click → filled take what they take, from Chromium's own
// trace: inserts the GitHub recovery step into a loaded page (as browser.mjs
// does) while tracing, then clicks the fill button while tracing again, and
// prints the content script's timers and main-thread work in each window.
// Used for docs/benchmarks.md; not part of the run.
//   TEAROFF_BIN=... node test/bench/trace-offer.mjs [--cold]   (--cold: the browser's first page)
import { GITHUB_RECOVERY, fillSelector, launch } from '../e2e/lib/flow.mjs';
import { buildHost, githubCodes, makeVault } from '../e2e/lib/host.mjs';
import { withProductCost } from './native.mjs';
import { SHELL, insertAndTime, settled } from './offer.mjs';
import { fromExtension, traced } from './tracing.mjs';

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'];

// Prints the renderer main thread's timers and content-script calls from the
// first event matching `start` on.
function print(events, start) {
  const ours = events.filter((e) => e.name === 'FunctionCall' && fromExtension(e));
  const main = ours[0] ?? events.find(start);
  const onMain = (e) => main && e.pid === main.pid && e.tid === main.tid;
  const t0 = events.find((e) => onMain(e) && start(e))?.ts ?? 0;
  const rel = (e) => ((e.ts - t0) / 1000).toFixed(1).padStart(7);
  for (const e of events.filter((x) => onMain(x) && x.ts >= t0).sort((a, b) => a.ts - b.ts)) {
    const d = e.args?.data ?? {};
    if (e.name === 'TimerInstall') console.log(`${rel(e)} ms  TimerInstall timeout=${d.timeout} ms single=${d.singleShot}`);
    if (e.name === 'TimerFire') console.log(`${rel(e)} ms  TimerFire id=${d.timerId}`);
    if (e.name === 'EventDispatch' && ['click', 'input'].includes(d.type)) console.log(`${rel(e)} ms  event ${d.type} ${((e.dur ?? 0) / 1000).toFixed(2)} ms`);
    if (e.name === 'FunctionCall' && fromExtension(e)) {
      console.log(`${rel(e)} ms  content script ${d.url.replace(/^chrome-extension:\/\/[^/]+\//, '')}:${d.functionName || '(anonymous)'} ${((e.dur ?? 0) / 1000).toFixed(2)} ms`);
    }
  }
  const busy = events.filter((e) => onMain(e) && e.name === 'RunTask').reduce((s, e) => s + (e.dur ?? 0), 0) / 1000;
  const script = ours.filter(onMain).reduce((s, e) => s + (e.dur ?? 0), 0) / 1000;
  console.log(`renderer main thread over the trace: ${busy.toFixed(1)} ms busy in tasks, ${script.toFixed(1)} ms in the content script`);
}

const vault = withProductCost(await makeVault(await buildHost(), { backend: 'file' }));
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
  const [t, offerEvents] = await traced(driver.context, page, CATEGORIES, () => page.evaluate(insertAndTime, 15_000));
  console.log(`field → offer ${t.offer.toFixed(1)} ms, → fill button ${t.fill.toFixed(1)} ms`);
  // From the page's own 15 s guard timer, installed right before the insertion.
  print(offerEvents, (e) => e.name === 'TimerInstall' && e.args?.data?.timeout === 15_000);
  const [, fillEvents] = await traced(driver.context, page, CATEGORIES, async () => {
    await page.click(fillSelector(driver, 'octocat'));
    await driver.waitFor(page, () => Boolean(document.getElementById('recovery_code').value));
  });
  console.log('click → field filled:');
  print(fillEvents, (e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click');
} finally {
  await driver.close();
  await vault.cleanup();
}
