// TearoffWatch: the content script's one MutationObserver, and the split between
// "a field appeared: look now" and "something else changed: look later".
//
// A login step that inserts its code field is answered in the same task (no debounce):
// the offer is there before the person reaches the field. Every other change (a class
// flips, a feed grows, an error shows) only pokes the debounced scan (schedule.js).
// Per mutation the cost is a tag check of each added element, plus one querySelector
// for elements that have children; on a page that mutates all the time without a code
// field, the observer rests and a cheap poll stands in for it (see start()).
(() => {
  'use strict';

  const ATTRIBUTES = ['hidden', 'style', 'class', 'aria-hidden', 'open'];
  // Inputs that can hold a typed code, as detect.js says (TEXTLIKE). A search box or a
  // checkbox coming and going on a busy page is no reason to look at once. (The type
  // attribute matches case-insensitively in HTML documents.)
  const CODE_INPUT = [...globalThis.TearoffNeed('TearoffDetect').TEXTLIKE]
    .map((type) => (type ? `input[type=${type}]` : 'input:not([type]),input[type=""]'))
    .join(',');
  const MAX_NODES = 500; // added nodes looked at per callback; beyond that, "later" it is
  // Busy: over 40 callbacks a second, held for half a second (a feed, a ticker). A login
  // page's step change is a shorter burst, and keeps the observer's "at once".
  const BUSY_CALLS = 20;
  const BUSY_WINDOW = 500;
  const POLL = 500; // while resting: a field on a busy page is seen within this
  const REST_MIN = 1000;
  const REST_MAX = 5000;

  // addsInput(records) -> true when some added node is a code-capable <input> or holds one.
  function addsInput(records) {
    let n = 0;
    for (const rec of records) {
      if (rec.type !== 'childList') continue; // attribute records add nothing
      for (const node of rec.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (++n > MAX_NODES) return false;
        if (node.localName === 'input' ? node.matches(CODE_INPUT) : node.firstElementChild && node.querySelector(CODE_INPUT)) return true;
      }
    }
    return false;
  }

  // start({now, later, extraAttributes, rests}) -> {candidateSeen, resting}. now() for
  // a new input, later() else.
  // Attribute changes (a hidden step shown by a class or style flip) matter only once
  // the page has a field that could be a code field: until the caller says so
  // (candidateSeen()), only tree changes are observed, so a busy page whose only
  // inputs are search boxes and comment forms does not pay for its class and style churn.
  //
  // Nor does it pay for its tree churn: a page without such a field whose observer
  // fires more than BUSY_CALLS times within BUSY_WINDOW ms (a feed, a ticker) gets the
  // observer disconnected for a rest. While resting, a timer looks every POLL ms for
  // code-capable <input>s it has not met (one live collection, which the browser keeps)
  // and asks for a look at once, as the observer would; at the end of the rest the
  // observer is back and one debounced look covers whatever else changed. Rests double
  // while the page stays busy, up to REST_MAX, the debounce's own longest delay.
  // rests: {min, max} in ms, the defaults but in tests.
  function start({now, later, extraAttributes = [], rests = {min: REST_MIN, max: REST_MAX}}) {
    const root = document.documentElement;
    const inputs = document.getElementsByTagName('input');
    let attributeFilter = extraAttributes;
    let candidate = false;
    let windowStart = -Infinity;
    let calls = 0;
    let wokeAt = -Infinity;
    let rest = rests.min;
    let resting = null; // {poll, wake, known} while the observer rests

    const observe = () => observer.observe(root, {childList: true, subtree: true, attributes: true, attributeFilter});
    const observer = new MutationObserver((records) => {
      if (addsInput(records)) now();
      else later();
      if (!candidate && busy()) sleep();
    });
    observe();

    function busy() {
      const t = Date.now();
      if (t - windowStart > BUSY_WINDOW) {
        windowStart = t;
        calls = 0;
      }
      return ++calls > BUSY_CALLS;
    }

    function sleep() {
      if (addsInput(observer.takeRecords())) now();
      observer.disconnect();
      // Busy again right after the last rest: rest longer; busy after a calm spell: short.
      rest = Date.now() - wokeAt < 2 * BUSY_WINDOW ? Math.min(rest * 2, rests.max) : rests.min;
      resting = {known: new WeakSet(inputs), poll: setInterval(poll, POLL), wake: setTimeout(wake, rest)};
    }

    // A code-capable input the observer would have reported asks for a look now. Other
    // new inputs (a search box, a checkbox) wait for the look at the end of the rest.
    function poll() {
      for (const el of inputs) {
        if (resting.known.has(el)) continue;
        resting.known.add(el);
        if (el.matches(CODE_INPUT)) return now();
      }
    }

    function wake() {
      if (!resting) return;
      poll();
      clearInterval(resting.poll);
      clearTimeout(resting.wake);
      resting = null;
      wokeAt = Date.now();
      windowStart = wokeAt;
      calls = 0;
      observe();
      later();
    }

    return {
      candidateSeen() {
        if (candidate) return;
        candidate = true;
        attributeFilter = [...ATTRIBUTES, ...extraAttributes];
        // Replaces the options of the first observe() on the same root.
        if (resting) wake();
        else observe();
      },
      resting: () => resting !== null,
    };
  }

  globalThis.TearoffWatch = Object.freeze({start, addsInput, BUSY_CALLS, POLL});
})();
