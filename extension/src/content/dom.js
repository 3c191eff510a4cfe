// TearoffDom: the thin DOM adapter. It turns real inputs into the plain descriptors
// TearoffDetect scores (what a field says of itself comes from fields.js), finds the
// text around a field (headings, errors), and sets values the way frameworks notice.
// Everything that decides lives in detect.js / steps.js.
(() => {
  'use strict';

  const need = globalThis.TearoffNeed;
  const D = need('TearoffDetect');
  const TXT = need('TearoffText');
  const F = need('TearoffFields');
  const {text, isTextInput, pageInputs, describeOwn, isUsernameField} = F;
  const MAX_INPUTS = 60; // a page with more inputs than this is a data grid, not a login step
  const MAX_CHECKED = 200; // visibility checks per scan: each may cost a style recalculation
  const HEADINGS = 'h1,h2,h3,h4,h5,h6,[role=heading],legend';
  const MAX_HEADINGS = 6;

  function visible(el) {
    if (!el?.isConnected) return false;
    if (typeof el.checkVisibility === 'function') {
      return el.checkVisibility({checkVisibilityCSS: true, visibilityProperty: true});
    }
    return el.getClientRects().length > 0;
  }

  // The visible, editable text-like inputs, in document order, that `keep` accepts.
  // keep() runs first and must not touch layout: a page whose inputs are all ruled out
  // by their own attributes (a search box, a comment form) never pays for a style
  // recalculation. Bounded: no more than MAX_CHECKED candidates, whatever the page holds.
  function textInputs(keep = () => true) {
    const out = [];
    let checked = 0;
    // The document's live collection: a look that asked pageInputs()[0] just before
    // walks the page once, not twice, since the browser keeps the collection's place
    // while the page is unchanged.
    for (const el of pageInputs()) {
      if (!isTextInput(el) || el.disabled || el.readOnly) continue;
      if (++checked > MAX_CHECKED) break;
      if (!keep(el) || !visible(el)) continue;
      out.push(el);
      if (out.length >= MAX_INPUTS) break;
    }
    return out;
  }

  // Is `input` the only visible text input in `box`? Stops at the second one.
  function soleTextInput(box, input) {
    for (const el of box.querySelectorAll('input')) {
      if (el !== input && isTextInput(el) && visible(el)) return false;
    }
    return true;
  }

  // The nearest headings above a field: climb until some ancestor holds one. This finds
  // the dialog title on X and the "Two-factor authentication" header GitHub puts just
  // outside the form.
  function headingText(el) {
    let node = el.parentElement;
    for (let depth = 0; node && depth < 8; depth++, node = node.parentElement) {
      const hs = node.querySelectorAll(HEADINGS);
      // The first few only: climbing to a feed's <body> can meet thousands of <h3>s.
      if (hs.length) return Array.from(Array.prototype.slice.call(hs, 0, MAX_HEADINGS), (h) => text(h, 200)).join(' | ').slice(0, 600);
      if (node === document.body) break;
    }
    return '';
  }

  function container(el) {
    return el.closest('[role=dialog],[aria-modal=true],form') || el.parentElement?.parentElement?.parentElement || document.body;
  }

  // describe(input, extra) -> the plain object TearoffDetect.scoreField takes.
  function describe(input, extra = {}) {
    return {...describeOwn(input), heading: headingText(input), soleInput: soleTextInput(container(input), input), ...extra};
  }

  // Groups of 4..8 single-character boxes (see TearoffDetect.segmentRuns).
  function segmentGroups(inputs) {
    const items = inputs.map((el) => ({maxLength: el.maxLength, parent: el.parentElement, grand: el.parentElement?.parentElement}));
    return D.segmentRuns(items).map(([a, b]) => inputs.slice(a, b + 1));
  }

  // React, Vue and friends track the value through the prototype's setter and listen for
  // input events; assigning through the native setter then dispatching makes them see it.
  function setValue(input, value) {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, value);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    input.dispatchEvent(new Event('change', {bubbles: true}));
  }

  // The VISIBLE text near a step that may hold the site's "invalid code" message. Markup
  // a page ships hidden (`<span hidden>Invalid two-factor code</span>`) is not a rejection.
  function errorText(input) {
    const parts = [];
    const node = input.closest('[role=dialog],[aria-modal=true]') || input.form?.parentElement?.parentElement || input.parentElement?.parentElement?.parentElement;
    if (node) parts.push(TXT.visibleText(node, {max: 3000}));
    for (const el of document.querySelectorAll('[role=alert],[aria-live=assertive],[aria-live=polite]')) {
      if (!node?.contains(el)) parts.push(TXT.visibleText(el, {max: 500}));
    }
    return parts.join(' \n ').slice(0, 6000);
  }

  // Controls that may be the site's own "use a backup code" link or menu entry.
  function switchCandidates() {
    const els = Array.from(document.querySelectorAll('a[href],button,[role=button],[role=link],[role=menuitem],[role=option],[role=radio]')).slice(0, 400);
    const items = [];
    const elements = [];
    for (const el of els) {
      if (!visible(el)) continue;
      let href = '';
      if (el instanceof HTMLAnchorElement && el.href) {
        try {
          const u = new URL(el.href, location.href);
          href = u.origin === location.origin ? u.pathname + u.hash : u.href;
        } catch {
          href = '';
        }
      }
      items.push({text: text(el, 120), href});
      elements.push(el);
    }
    return {items, elements};
  }

  const SUBMIT_WORDS = /^(next|continue|verify|submit|confirm|done|sign ?in|log ?in|send|ok|次へ|確認|送信|ログイン|認証|続行|完了|続ける|サインイン)$/i;

  // Is `el` (the clicked control) the submit control of the step holding `input`?
  // Forms: a submit button of the same form. No form (X's dialog): a button in the same
  // dialog/container whose text says Next / 次へ and the like.
  function isSubmitControl(el, input) {
    const btn = el?.closest?.('button,input[type=submit],input[type=image],[role=button]');
    if (!btn || btn === input) return false;
    if (input.form && (btn instanceof HTMLButtonElement || btn instanceof HTMLInputElement)) {
      return btn.form === input.form && btn.type === 'submit';
    }
    // No form: the button must sit near the field (a close common ancestor, e.g. X's
    // dialog or Google's challenge card) and read like a submit.
    let near = false;
    let node = input.parentElement;
    for (let depth = 0; node && depth < 10; depth++, node = node.parentElement) {
      if (node.contains(btn)) {
        near = true;
        break;
      }
      if (node === document.body) break;
    }
    if (!near) return false;
    return SUBMIT_WORDS.test(text(btn, 40) || btn.getAttribute('aria-label') || btn.value || '');
  }

  // Where the offer goes: right after the field (or after the label wrapping it, so our
  // buttons are not inside a <label>), so Tab from the field reaches it.
  function anchorFor(inputs) {
    if (inputs.length > 1) {
      const first = inputs[0];
      let box = first.parentElement;
      while (box && !inputs.every((i) => box.contains(i))) box = box.parentElement;
      return box || first;
    }
    const label = inputs[0].closest('label');
    return label && label.contains(inputs[0]) && !label.contains(inputs[0].form) ? label : inputs[0];
  }

  globalThis.TearoffDom = Object.freeze({
    pageInputs,
    isTextInput,
    textInputs,
    describe,
    describeOwn,
    segmentGroups,
    setValue,
    errorText,
    headingText,
    switchCandidates,
    isSubmitControl,
    isUsernameField,
    anchorFor,
    visible,
  });
})();
