// Where Tearoff's script time on the heavy page (row 5) goes, from Chromium's own
// trace: runs the page in the control and Tearoff arms, `runs` times each, and
// prints, by thread CPU time on the page's main thread, the page's own script and the
// extension's: its files' evaluation (compiling and running them) and its callbacks.
// Tracing adds its own overhead to every script event it counts.
// Used for docs/benchmarks.md; not part of the run.
//   TEAROFF_BIN=... node test/bench/trace-page.mjs [runs] [ticks]
import { PAGE_URL, controlExtension, heavyPage, launchArm } from './pages.mjs';
import { fromExtension, traced } from './tracing.mjs';
import { summary } from './stats.mjs';

const runs = Number(process.argv[2] ?? 3);
const ticks = Number(process.argv[3] ?? 300);
const CATEGORIES = ['devtools.timeline', 'v8', 'v8.execute'];
const SCRIPT = new Set(['EvaluateScript', 'FunctionCall']);

// Thread CPU (ms) of the page's main thread's outermost script events, by owner.
function split(events) {
  const pageCall = events.find((e) => e.name === 'FunctionCall' && e.args?.data?.url === PAGE_URL);
  const onMain = (e) => e.ph === 'X' && e.pid === pageCall.pid && e.tid === pageCall.tid;
  const main = events.filter(onMain).sort((a, b) => a.ts - b.ts);
  const ms = (e) => (e.tdur ?? 0) / 1000;
  const out = { page: 0, compile: 0, run: 0, callbacks: 0 };
  let until = -1;
  for (const e of main) {
    if (!SCRIPT.has(e.name) || e.ts < until) continue;
    until = e.ts + e.dur;
    if (!fromExtension(e)) out.page += ms(e);
    else if (e.name === 'FunctionCall') out.callbacks += ms(e);
    else {
      const compile = main.filter((c) => c.name === 'v8.compile' && c.ts >= e.ts && c.ts + c.dur <= until).reduce((s, c) => s + ms(c), 0);
      out.compile += compile;
      out.run += ms(e) - compile;
    }
  }
  return out;
}

const controlDir = await controlExtension();
for (const arm of ['control', 'tearoff']) {
  const got = [];
  for (let r = 0; r < runs; r++) {
    const { context, close } = await launchArm(arm, controlDir);
    try {
      await context.route(/^https?:\/\//, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: heavyPage(ticks) }));
      const page = await context.newPage();
      const done = page.waitForEvent('console', { predicate: (m) => m.text() === 'bench:done', timeout: 120_000 });
      const [, events] = await traced(context, page, CATEGORIES, async () => { await page.goto(PAGE_URL); await done; });
      got.push(split(events));
    } finally {
      await close();
    }
  }
  const med = (key) => summary(got.map((g) => g[key])).median.toFixed(1);
  console.log(`${arm}, median of ${runs} runs of ${ticks} ticks (ms of thread CPU): page's own script ${med('page')}; extension: evaluating its files ${med('compile')} compiling + ${med('run')} running, callbacks ${med('callbacks')}`);
  for (const g of got) console.log(`  ${Object.entries(g).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
}
