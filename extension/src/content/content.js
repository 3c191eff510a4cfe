// Tearoff content script, the finder's entry point: boot.js (on every https page) starts
// the watch, and once gate.js finds a field the finder has work with, the background
// injects the finder's files (background/finder.js), this one last, and boot.js hands
// its looks to the look start() returns. Each concern lives in its own file:
//   finding the step       locate.js (with dom.js, detect.js, near.js, steps.js)
//   the offer and fill     fill.js (offer.js draws it, offers.js caches the host's answer)
//   following the switch   switcher.js
//   username memory        username.js
//   tracking the submit    track.js
//   when to look           watch.js, scan.js, schedule.js (started by boot.js)
//
// Cost: a page without such a field never loads this part (see boot.js). Once loaded,
// until a field shows a sign of being a code field, a page gets a look only when a
// code-capable field appears or gets focus (watch.js); only then do changes ask for
// debounced looks, and the page's offer is asked once and kept (offers.js).
(() => {
  'use strict';

  // At load, before anything else: a file missing from the finder's list fails here, loudly.
  const need = globalThis.TearoffNeed;
  const T = need('TearoffTrack');
  const L = need('TearoffLocate');
  const SW = need('TearoffSwitch');
  const Fill = need('TearoffFill');
  const DOM = need('TearoffDom');
  const {REWALK} = need('TearoffWatch');

  // start({scan, watch}) -> look(urgent, field), the look boot.js's scan runs from now on.
  function start({scan, watch}) {
    const fill = Fill.create(scan);

    // One look at the page. Changes from its start on ask for another (watch.js). With
    // nothing to keep an eye on (idle), that one may wait longer (schedule.js), and, once
    // watch.css's animation is known to tell of new fields on this page, it only checks
    // the fields the last look ruled out, plus the new field that asked for it, if one
    // did, unless the last walk of the page is REWALK ago.
    let idle = false;
    let walkedAt = -Infinity;
    async function look(urgent, field) {
      watch.rearm();
      const recent = performance.now() - walkedAt < REWALK;
      // The fields met before, then the new one: a new field is scored once, not twice.
      if (idle && recent && watch.sentinelWorks() && L.stillRuledOut() && (!urgent || (field && L.alsoRuledOut(field)))) {
        if (field) T.start(fill.trackHooks); // as lookOnce would: the page has an input
        return;
      }
      scan.idle((idle = false)); // a look that throws leaves the usual delay
      walkedAt = performance.now();
      idle = !(await lookOnce());
      scan.idle(idle);
    }

    // Finds the step, follows a switch in progress, offers. Resolves to true while there
    // is something to keep an eye on: a field that could hold a code (its offer, or a code
    // in it), or a switch in progress.
    async function lookOnce() {
      if (!DOM.pageInputs()[0]) {
        fill.drop();
        if (SW.active()) SW.follow();
        return SW.active();
      }
      T.start(fill.trackHooks); // once, when the page first has an input
      if (T.active()) return true; // a code is in the field: wait for submit / change / removal
      if (fill.stillValid()) return true;
      fill.drop();
      const found = await L.findStep();
      if (L.sawCandidate()) watch.candidateSeen(); // from now on, attribute changes count too
      if (found?.kind === 'backup') SW.reached();
      if (!found && SW.active()) SW.follow();
      if (found) await fill.offer(found);
      return L.sawCandidate() || SW.active();
    }

    return look;
  }

  globalThis.TearoffContent = Object.freeze({start});
})();
