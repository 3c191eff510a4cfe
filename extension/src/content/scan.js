// TearoffScan: when the content script looks at the page. One look at a time; a
// mutation during a look asks for another, at once when it added an input, after the
// debounce (schedule.js) otherwise. A look that throws is dropped: a page that
// confuses us must not break, and the next mutation tries again.
(() => {
  'use strict';

  const need = globalThis.TearoffNeed;
  const Schedule = need('TearoffSchedule');
  const P = need('TearoffProbe');

  // create(look) -> {now, later, idle}. look: async (urgent, field) => void, one look at
  // the page; urgent: asked for by now(field?). idle(on): see schedule.js.
  function create(look) {
    let running = false;
    let again = null; // null | 'now' | 'later'
    const schedule = Schedule.create(() => run(false));
    const later = schedule.poke;

    // field: the new input that asked for an urgent look, when one did (see watch.js).
    async function run(urgent, field = null) {
      if (running) {
        if (urgent || again !== 'now') again = urgent ? 'now' : 'later';
        return;
      }
      running = true;
      const probe = P.begin();
      try {
        await look(urgent, field);
      } catch {
        // See above: the next mutation tries again.
      } finally {
        running = false;
        P.end(probe);
        const next = again;
        again = null;
        if (next === 'now') run(true);
        else if (next === 'later') later();
      }
    }

    return {now: (field) => run(true, field), later, idle: schedule.idle};
  }

  globalThis.TearoffScan = Object.freeze({create});
})();
