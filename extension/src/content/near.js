// TearoffNear: the facts around one input that tell a verification step from its
// look-alikes (lookalike.js decides; this file only reads the DOM). Computed only for
// inputs that already show a sign of being a code field, so ordinary pages never pay.
(() => {
  'use strict';

  const TXT = globalThis.TearoffNeed('TearoffText');
  const FIELDS = 'input,select,textarea';
  const OTHER_TYPES = new Set(['hidden', 'submit', 'button', 'reset', 'image', 'checkbox', 'radio', 'file']);
  const MAX_OTHERS = 40;

  const text = (el, max = 200) => String(el?.textContent || '').replace(/\s+/g, ' ').trim().slice(0, max);

  // Hidden from people but not from bots: off-screen, zero-size, fully transparent, or
  // taken out of the accessibility tree (a real code field never is).
  function hidden(input) {
    if (input.closest('[aria-hidden=true]')) return true;
    if (typeof input.checkVisibility === 'function' && !input.checkVisibility({opacityProperty: true, visibilityProperty: true, checkVisibilityCSS: true})) return true;
    const r = input.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return true;
    const right = r.right + window.scrollX;
    const bottom = r.bottom + window.scrollY;
    return right <= 0 || bottom <= 0 || r.left + window.scrollX >= document.documentElement.scrollWidth + 100;
  }

  const isEntry = (el) => el instanceof HTMLInputElement && !OTHER_TYPES.has((el.getAttribute('type') || '').toLowerCase());

  // The field's own small box: its ancestors, up to three, that hold no other entry field.
  // A captcha's picture and "refresh" link sit here; the rest of the form does not.
  function box(input) {
    let b = input.parentElement || input;
    for (let depth = 0; depth < 3; depth++) {
      const up = b.parentElement;
      if (!up || up === document.body || up.contains(input.form) || Array.from(up.querySelectorAll('input')).some((el) => el !== input && isEntry(el))) break;
      b = up;
    }
    return b;
  }

  // The step around the field: its form, else its dialog, else a few levels up.
  function step(input) {
    return input.form || input.closest('[role=dialog],[aria-modal=true]') || input.parentElement?.parentElement?.parentElement || document.body;
  }

  function describeOther(el) {
    const labels = el.labels ? Array.from(el.labels, (l) => text(l)).join(' ') : '';
    return {
      tag: el.localName,
      shown: typeof el.checkVisibility === 'function' ? el.checkVisibility({checkVisibilityCSS: true, visibilityProperty: true}) : el.getClientRects().length > 0,
      attrs: `${el.getAttribute('name') || ''} ${el.id || ''}`.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(),
      autocomplete: (el.getAttribute('autocomplete') || '').toLowerCase(),
      text: [labels, el.getAttribute('placeholder'), el.getAttribute('aria-label')].filter(Boolean).join(' '),
    };
  }

  // The other fields of the same form (or of the nearest ancestor holding several).
  function others(input) {
    let scope = input.form;
    if (!scope) {
      scope = input.parentElement;
      for (let depth = 0; scope && depth < 6 && scope.querySelectorAll(FIELDS).length < 3; depth++) scope = scope.parentElement;
    }
    const out = [];
    for (const el of (scope || document).querySelectorAll(FIELDS)) {
      if (el === input || (el instanceof HTMLInputElement && OTHER_TYPES.has((el.getAttribute('type') || '').toLowerCase()))) continue;
      out.push(describeOther(el));
      if (out.length >= MAX_OTHERS) break;
    }
    return out;
  }

  // The words of the box's links, buttons and pictures: text, title, alt, id, class, href.
  function controls(b) {
    const words = [];
    for (const el of Array.from(b.querySelectorAll('a,button,[role=button],img,[onclick]')).slice(0, 20)) {
      words.push(text(el, 60), el.getAttribute('title'), el.getAttribute('alt'), el.id, el.getAttribute('class'), el.getAttribute('href'));
    }
    return words.filter(Boolean).join(' ').slice(0, 600);
  }

  // of(input) -> the `near` descriptor lookalike.js and detect.js read.
  function of(input) {
    const b = box(input);
    return {
      hidden: hidden(input),
      prefilled: (input.getAttribute('value') || '').trim() !== '',
      image: !!b.querySelector('img,canvas'),
      controls: controls(b),
      boxText: text(b, 300),
      others: others(input),
      stepText: TXT.visibleText(step(input), {max: 1500, skipControls: true}),
    };
  }

  globalThis.TearoffNear = Object.freeze({of, step});
})();
