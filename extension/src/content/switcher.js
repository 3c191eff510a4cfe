// TearoffSwitch: "Use a backup code" on a step that takes no backup codes. It follows
// the site's own link or menu entry (X and Google put the backup-code choice one menu
// away, so the next matching entry is followed too), else the catalogue's URL.
// When that does not reach a backup-code step within FALLBACK_MS (the link leads
// nowhere, the menu never opens), it gives up and says so: the caller then offers the
// fill on the step in front of the person.
(() => {
  'use strict';

  const need = globalThis.TearoffNeed;
  const S = need('TearoffSteps');
  const DOM = need('TearoffDom');

  const FALLBACK_MS = 3000;
  const MAX_CLICKS = 3;

  let state = null; // {clicks, tried: Set, sw, timer} while following
  let gaveUp = false;
  let onGiveUp = () => {};

  // go(site, giveUp): start following the site's switch. giveUp() runs once when no
  // backup-code step came (at once when there is nothing to follow).
  function go(site, giveUpHook) {
    stop();
    onGiveUp = giveUpHook;
    gaveUp = false;
    const sw = site?.switch || {};
    state = {clicks: 0, tried: new Set(), sw, timer: null};
    if (follow()) {
      state.timer = setTimeout(giveUp, FALLBACK_MS);
      return;
    }
    state = null;
    if (/^https:\/\//.test(sw.url || '')) location.assign(sw.url);
    else giveUp();
  }

  function stop() {
    if (state?.timer) clearTimeout(state.timer);
    state = null;
  }

  function giveUp() {
    stop();
    gaveUp = true;
    onGiveUp();
  }

  // A backup-code step is on screen: the switch worked.
  function reached() {
    stop();
    gaveUp = false;
  }

  // Clicks the next control that matches the site's switch texts/href, once each.
  // Returns true when it clicked one.
  function follow() {
    const st = state;
    if (!st || st.clicks >= MAX_CLICKS) return false;
    const {items, elements} = DOM.switchCandidates();
    const skip = elements.map((el, i) => (st.tried.has(el) ? i : -1)).filter((i) => i >= 0);
    const i = S.matchSwitch(st.sw, items, skip);
    if (i < 0) return false;
    st.tried.add(elements[i]);
    st.clicks++;
    elements[i].click();
    return true;
  }

  globalThis.TearoffSwitch = Object.freeze({
    go,
    follow,
    reached,
    active: () => state !== null,
    failed: () => gaveUp,
    FALLBACK_MS,
  });
})();
