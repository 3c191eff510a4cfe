// TearoffWatch: the content script's one MutationObserver, and the split between
// "a field appeared: look now" and "something else changed: look later".
//
// A login step that inserts its code field is answered in the same task (no debounce):
// the offer is there before the person reaches the field. Every other change (a class
// flips, a feed grows, an error shows) only pokes the debounced scan (schedule.js).
// Per mutation the cost is a tag check of each added element, plus one querySelector
// for elements that have children.
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

  // start({now, later, extraAttributes}) -> {candidateSeen}. now() for a new input, later() else.
  // Attribute changes (a hidden step shown by a class or style flip) matter only once
  // the page has a field that could be a code field: until the caller says so
  // (candidateSeen()), only tree changes are observed, so a busy page whose only
  // inputs are search boxes and comment forms does not pay for its class and style churn.
  function start({now, later, extraAttributes = []}) {
    const root = document.documentElement;
    let watchingAttributes = false;
    const observer = new MutationObserver((records) => (addsInput(records) ? now() : later()));
    observer.observe(root, {childList: true, subtree: true, attributes: true, attributeFilter: extraAttributes});
    return {
      candidateSeen() {
        if (watchingAttributes) return;
        watchingAttributes = true;
        // Replaces the options of the first observe() on the same root.
        observer.observe(root, {childList: true, subtree: true, attributes: true, attributeFilter: [...ATTRIBUTES, ...extraAttributes]});
      },
    };
  }

  globalThis.TearoffWatch = Object.freeze({start, addsInput});
})();
