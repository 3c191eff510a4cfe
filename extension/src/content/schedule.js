// TearoffSchedule: when the content script looks at the page again.
//
// The MutationObserver callback only calls poke(): one pending timer at a time, no
// DOM work per mutation. The task runs `delay` ms after the first poke of a burst.
// A page that keeps mutating (feeds, tickers, animations) stretches the delay: after
// BUSY_RUNS runs in a row that each came soon after the last, it doubles, up to
// MAX_DELAY. A change after a quiet spell (no run for delay + QUIET ms) is looked at
// BASE_DELAY later again, so a login step that appears on a calm page is seen at once.
// While idle(true) (the last look found no field that could hold a code, nor a switch
// to follow), the delay is at least IDLE_DELAY: a new field is seen at once anyway
// (watch.js), so what waits is only a change to fields already ruled out.
(() => {
  'use strict';

  const BASE_DELAY = 200;
  const MAX_DELAY = 5000;
  const QUIET = 1000;
  // Soon: a new field is seen at once whatever the delay (watch.js), so what waits is
  // only a change without one, such as a heading's text.
  const BUSY_RUNS = 4;
  const IDLE_DELAY = 1000;

  // create(task, clock) -> {poke, delay}. clock: {setTimeout, now}; the real ones by
  // default, fake ones in the unit tests.
  function create(task, clock = {setTimeout: (f, ms) => setTimeout(f, ms), now: () => performance.now()}) {
    let delay = BASE_DELAY;
    let timer = false;
    let lastRun = -Infinity;
    let busyRuns = 0;
    let idle = false;
    const wait = () => (idle ? Math.max(delay, IDLE_DELAY) : delay);

    function run() {
      timer = false;
      const now = clock.now();
      if (now - lastRun < wait() + QUIET && ++busyRuns >= BUSY_RUNS) delay = Math.min(delay * 2, MAX_DELAY);
      lastRun = now;
      task();
    }

    function poke() {
      if (timer) return;
      // The first change after a quiet spell is looked at quickly, however busy the page was.
      if (clock.now() - lastRun >= wait() + QUIET) {
        busyRuns = 0;
        delay = BASE_DELAY;
      }
      timer = true;
      clock.setTimeout(run, wait());
    }

    return {poke, delay: wait, idle: (on) => (idle = on)};
  }

  globalThis.TearoffSchedule = Object.freeze({create, BASE_DELAY, MAX_DELAY, QUIET, BUSY_RUNS, IDLE_DELAY});
})();
