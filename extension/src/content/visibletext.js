// TearoffText: the text a person can actually see in part of the page. Rendered-but-hidden
// markup (a pre-rendered `<span hidden>Invalid code</span>`, display:none templates,
// zero-size boxes) does not count: a site has not said what it has not shown.
(() => {
  'use strict';

  const CONTROLS = 'a,button,[role=button],[role=link],[role=menuitem],[role=option],[role=tab]';
  const MAX_NODES = 400; // text nodes looked at per call: a bound on a huge form

  function shown(el, seen) {
    let v = seen.get(el);
    if (v === undefined) {
      if (typeof el.checkVisibility === 'function') {
        v = el.checkVisibility({checkVisibilityCSS: true, visibilityProperty: true, opacityProperty: true});
      } else {
        v = el.getClientRects().length > 0;
      }
      // A box of zero size shows nothing, even when its overflow would.
      if (v) {
        const r = el.getBoundingClientRect();
        v = r.width > 0 && r.height > 0;
      }
      seen.set(el, v);
    }
    return v;
  }

  // visibleText(root, {max, skipControls}) -> the visible text under root, whitespace
  // squashed. skipControls leaves out links and buttons: their words are choices the
  // page offers ("Use a recovery code"), not what the step says it takes.
  function visibleText(root, {max = 2000, skipControls = false} = {}) {
    if (!root) return '';
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const seen = new Map();
    let out = '';
    let n = 0;
    for (let node = walker.nextNode(); node && n < MAX_NODES && out.length < max; node = walker.nextNode()) {
      n++;
      const t = node.nodeValue;
      if (!t || !t.trim()) continue;
      const el = node.parentElement;
      if (!el || (skipControls && el.closest(CONTROLS)) || !shown(el, seen)) continue;
      out += ' ' + t;
    }
    return out.replace(/\s+/g, ' ').trim().slice(0, max);
  }

  globalThis.TearoffText = Object.freeze({visibleText});
})();
