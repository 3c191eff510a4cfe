// TearoffTrack: the life of one filled code.
//   fill -> reserved (host `reserve` already done by the caller)
//   submit (form submit, the step's submit button, Enter in the field) -> consume
//   failing those: the field leaves the DOM, or the page goes away -> consume
//   the person empties/changes the field, or dismisses the offer -> release
// consume is sent from inside the event handler (runtime.sendMessage is called
// synchronously there), so it leaves before the page can unload; the background
// forwards it over its persistent native port.
(() => {
  'use strict';

  const need = globalThis.TearoffNeed;
  const D = need('TearoffDetect');
  const M = need('TearoffMessaging');
  const DOM = need('TearoffDom');
  const S = need('TearoffSteps');

  let hooks = {username() {}, consumed() {}, released() {}};
  let started = false;
  let pending = null; // {inputs, code, code_id, account, site, key}
  let lastConsumed = null; // {key, at, reason, inputs, errorText}
  let writing = false; // our own input/change events while filling

  const valueOf = (inputs) => inputs.map((i) => i.value).join('');

  // Listeners go on only once a page has inputs; they do nothing until an event fires.
  function start(h) {
    hooks = h;
    if (started) return;
    started = true;
    window.addEventListener('submit', onSubmit, true);
    window.addEventListener('click', onClick, true);
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('input', onInput, true);
    window.addEventListener('change', onUsernameEvent, true);
    window.addEventListener('focusout', onUsernameEvent, true);
  }

  function onSubmit(ev) {
    const form = ev.target;
    if (!(form instanceof HTMLFormElement)) return;
    for (const el of form.elements) if (DOM.isUsernameField(el)) hooks.username(el.value);
    if (pending && pending.inputs.some((i) => form.contains(i))) settle('submit');
  }

  function onClick(ev) {
    if (!pending) return;
    const t = ev.target;
    if (!(t instanceof Element) || t.closest('[data-tearoff=offer]')) return;
    if (DOM.isSubmitControl(t, pending.inputs[0])) settle('click');
  }

  function onKey(ev) {
    // isComposing: Enter that confirms a Japanese IME conversion is not a submit.
    if (pending && ev.key === 'Enter' && !ev.isComposing && pending.inputs.includes(ev.target)) settle('enter');
  }

  function onInput(ev) {
    if (writing || !pending || !pending.inputs.includes(ev.target)) return;
    if (!D.sameCode(valueOf(pending.inputs), pending.code)) release({clear: false});
  }

  function onUsernameEvent(ev) {
    if (DOM.isUsernameField(ev.target)) hooks.username(ev.target.value);
  }

  function onLeave() {
    if (pending) settle('unload');
  }

  // A submit with our code still in the field records it; with something else in the
  // field the code was not used, so it goes back.
  function settle(reason) {
    if (D.sameCode(valueOf(pending.inputs), pending.code)) consume(reason);
    else release({clear: false});
  }

  function setPending(p) {
    pending = p;
    // beforeunload listeners cost some browsers their back/forward cache: only while needed.
    const on = p ? 'addEventListener' : 'removeEventListener';
    window[on]('pagehide', onLeave, true);
    window[on]('beforeunload', onLeave, true);
  }

  function consume(reason) {
    const f = pending;
    setPending(null);
    // What the step showed as the code left: an error already on screen then (from an
    // earlier attempt) is not the site's answer to this code.
    lastConsumed = {key: f.key, at: Date.now(), reason, inputs: f.inputs, errorText: DOM.errorText(f.inputs[0])};
    M.send('tearoff:consume', {code_id: f.code_id})
      .then((r) => hooks.consumed(f, r, null))
      .catch((err) => hooks.consumed(f, null, err));
  }

  function release({clear}) {
    const f = pending;
    if (!f) return;
    setPending(null);
    if (clear && D.sameCode(valueOf(f.inputs), f.code)) {
      // The code goes back to the vault, so it must not stay in the page to be sent later.
      writing = true;
      try {
        for (const i of f.inputs) if (i.isConnected) DOM.setValue(i, '');
      } finally {
        writing = false;
      }
    }
    M.send('tearoff:release', {code_id: f.code_id}).catch(() => {});
    hooks.released(f);
  }

  // fill(inputs, reservation, meta) -> true, or false when the code cannot be placed
  // (then the reservation is released at once).
  function fill(inputs, r, meta) {
    const code = String(r.code || '');
    const parts = inputs.length > 1 ? D.splitForBoxes(code, inputs.length) : [code];
    if (!code || !parts || !inputs.every((i) => i.isConnected)) {
      M.send('tearoff:release', {code_id: r.code_id}).catch(() => {});
      return false;
    }
    writing = true;
    try {
      inputs.forEach((el, i) => {
        el.focus();
        DOM.setValue(el, parts[i]);
      });
    } finally {
      writing = false;
    }
    setPending({inputs, code, code_id: r.code_id, ...meta});
    return true;
  }

  // rejected(step) -> the site's "invalid code" words on `step` ({inputs, site, key}), or
  // null. The site's own fragments always count; generic words ("invalid", "try again")
  // only right after a code of ours left from this step. Until the page answers (the
  // same field, the same visible text as when the code left) nothing counts.
  function rejected(step) {
    const c = lastConsumed;
    const ours = c?.key === step.key;
    const text = DOM.errorText(step.inputs[0]);
    if (ours && c.inputs[0] === step.inputs[0] && c.errorText === text) return null;
    return S.findError(text, step.site, {generic: ours});
  }

  // active() -> is a filled code waiting for its submit? Also the "field left the DOM"
  // fallback: called on every scan, it consumes when the filled field is gone.
  function active() {
    if (!pending) return false;
    if (pending.inputs.every((i) => i.isConnected)) return true;
    settle('removed');
    return false;
  }

  globalThis.TearoffTrack = Object.freeze({
    start,
    fill,
    active,
    release,
    lastConsumed: () => lastConsumed,
    rejected,
  });
})();
