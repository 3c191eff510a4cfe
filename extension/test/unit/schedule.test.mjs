// The content script's scheduling (schedule.js) under a fake clock: one timer per
// burst of mutations, a delay that backs off on a page that never stops mutating,
// and back to quick once the page is calm.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {loadContent} from './helpers.mjs';

loadContent('schedule.js');
const {create, BASE_DELAY, MAX_DELAY, QUIET, BUSY_RUNS, IDLE_DELAY} = globalThis.TearoffSchedule;

// A fake clock: setTimeout queues, advanceTo(t) runs what is due in time order.
function fakeClock() {
  let now = 0;
  let timers = [];
  return {
    now: () => now,
    setTimeout(fn, ms) {
      timers.push({at: now + ms, fn});
    },
    pending: () => timers.length,
    advanceTo(t) {
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        if (!timers.length || timers[0].at > t) break;
        const next = timers.shift();
        now = next.at;
        next.fn();
      }
      now = t;
    },
  };
}

// A page that mutates every `every` ms from `from` to `to`: pokes the scheduler each time.
function mutate(clock, sched, {from, to, every}) {
  for (let t = from; t <= to; t += every) {
    clock.advanceTo(t);
    sched.poke();
  }
}

test('a burst of mutations arms one timer and runs the task once, BASE_DELAY later', () => {
  const clock = fakeClock();
  const runs = [];
  const sched = create(() => runs.push(clock.now()), clock);
  for (let i = 0; i < 1000; i++) sched.poke();
  assert.equal(clock.pending(), 1, 'one timer for the whole burst');
  clock.advanceTo(BASE_DELAY - 1);
  assert.deepEqual(runs, []);
  clock.advanceTo(10_000);
  assert.deepEqual(runs, [BASE_DELAY]);
});

test('a page that never stops mutating backs off to MAX_DELAY, then runs at most every MAX_DELAY', () => {
  const clock = fakeClock();
  const runs = [];
  const sched = create(() => runs.push(clock.now()), clock);
  mutate(clock, sched, {from: 0, to: 120_000, every: 16}); // a 60 fps animation for two minutes
  const gaps = runs.slice(1).map((t, i) => t - runs[i]);
  // The first runs come BASE_DELAY apart; then the delay doubles run by run.
  assert.ok(gaps.slice(0, BUSY_RUNS - 1).every((g) => g <= BASE_DELAY + 16), `early gaps ${gaps.slice(0, BUSY_RUNS)}`);
  assert.equal(sched.delay(), MAX_DELAY);
  assert.ok(gaps.slice(-5).every((g) => g >= MAX_DELAY && g <= MAX_DELAY + 16), `late gaps ${gaps.slice(-5)}`);
  // Two minutes of constant mutation cost about 40 looks at the page, not 7500.
  assert.ok(runs.length < 50, `${runs.length} runs`);
});

test('after a quiet spell the next change is looked at quickly again', () => {
  const clock = fakeClock();
  const runs = [];
  const sched = create(() => runs.push(clock.now()), clock);
  mutate(clock, sched, {from: 0, to: 60_000, every: 16});
  assert.equal(sched.delay(), MAX_DELAY);
  clock.advanceTo(60_000 + MAX_DELAY); // the pending run happens, then the page is calm
  const calm = clock.now() + MAX_DELAY + QUIET;
  clock.advanceTo(calm);
  runs.length = 0;
  sched.poke(); // the login step appears
  clock.advanceTo(calm + MAX_DELAY);
  assert.deepEqual(runs, [calm + BASE_DELAY]);
  assert.equal(sched.delay(), BASE_DELAY);
});

test('a change just before the quiet spell ends still waits the backed-off delay', () => {
  const clock = fakeClock();
  const runs = [];
  const sched = create(() => runs.push(clock.now()), clock);
  mutate(clock, sched, {from: 0, to: 60_000, every: 16});
  clock.advanceTo(60_000 + MAX_DELAY);
  const last = runs.at(-1);
  const at = last + MAX_DELAY + QUIET - 1; // not yet calm
  clock.advanceTo(at);
  sched.poke();
  clock.advanceTo(at + MAX_DELAY);
  assert.deepEqual(runs.slice(-1), [at + MAX_DELAY]);
});

test('occasional changes (a ticking clock every few seconds) never slow the scan down', () => {
  const clock = fakeClock();
  const runs = [];
  const sched = create(() => runs.push(clock.now()), clock);
  mutate(clock, sched, {from: 0, to: 60_000, every: 2_000});
  clock.advanceTo(61_000);
  assert.equal(sched.delay(), BASE_DELAY);
  assert.equal(runs.length, 31);
  assert.ok(runs.every((t) => t % 2_000 === BASE_DELAY), 'each change seen BASE_DELAY after it');
});

test('while idle a change waits at least IDLE_DELAY, and the usual delay is back once not idle', () => {
  const clock = fakeClock();
  const runs = [];
  const sched = create(() => runs.push(clock.now()), clock);
  sched.idle(true);
  assert.ok(IDLE_DELAY > BASE_DELAY);
  sched.poke();
  clock.advanceTo(IDLE_DELAY - 1);
  assert.deepEqual(runs, [], 'not at BASE_DELAY');
  clock.advanceTo(IDLE_DELAY);
  assert.deepEqual(runs, [IDLE_DELAY]);

  sched.idle(false); // the look found a field worth watching
  const at = clock.now();
  sched.poke();
  clock.advanceTo(at + 10_000);
  assert.deepEqual(runs, [IDLE_DELAY, at + BASE_DELAY]);
});
