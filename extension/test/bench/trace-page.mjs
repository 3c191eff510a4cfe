// Where Tearoff's script time on the heavy page (row 5) goes, from V8's own
// CPU profiler: runs the page once with Tearoff and prints the self time per
// script and the content script's busiest functions. Used for
// docs/benchmarks.md; not part of the run.
//   TEAROFF_BIN=... node test/bench/trace-page.mjs [ticks]
import { PAGE_URL, heavyPage, launchArm } from './pages.mjs';

const ticks = Number(process.argv[2] ?? 300);
const { context, close } = await launchArm('tearoff');
try {
  await context.route(/^https?:\/\//, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: heavyPage(ticks) }));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const done = page.waitForEvent('console', { predicate: (m) => m.text() === 'bench:done', timeout: 120_000 });
  await page.goto(PAGE_URL);
  await done;
  const { profile } = await cdp.send('Profiler.stop');
  // Self time per node: the samples that landed on it, times their intervals.
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt / 1000);
  }
  const byScript = new Map();
  const byFunction = new Map();
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    const { url, functionName, lineNumber } = node.callFrame;
    const script = url ? url.replace(/^chrome-extension:\/\/[^/]+\//, 'extension: ') : `(${functionName || 'no script'})`;
    byScript.set(script, (byScript.get(script) ?? 0) + ms);
    if (url.startsWith('chrome-extension://')) {
      const key = `${script}:${lineNumber + 1} ${functionName || '(anonymous)'}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    }
  }
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log(`self time by script over ${ticks} ticks of the heavy page (ms):`);
  for (const [k, v] of top(byScript, 12)) console.log(`${v.toFixed(1).padStart(9)}  ${k}`);
  console.log('the content script\'s busiest functions (ms):');
  for (const [k, v] of top(byFunction, 12)) console.log(`${v.toFixed(1).padStart(9)}  ${k}`);
} finally {
  await close();
}
