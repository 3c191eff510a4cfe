// TearoffOffer: the inline offer next to a code field. An open shadow root keeps the
// page's CSS out and lets tests reach in; the host carries data-tearoff="offer".
//   <div data-tearoff="offer" data-state="offer|filled|recorded|spent|info">
//     #shadow-root (open)
//       <span class="brand">Tearoff</span>
//       <p data-tearoff="notice" data-kind="...">...</p>             (optional)
//       <button data-tearoff="fill" data-account="octocat" data-account-id="..." [data-primary]>
//       <button data-tearoff="switch">                             (backup codes live on another step)
//       <button data-tearoff="dismiss">
// The buttons are ordinary <button>s placed right after the field, so Tab reaches them
// and Enter/Space give the trusted click the fill requires.
(() => {
  'use strict';

  const CSS = `
    :host { all: initial; display: block; margin: 4px 0; font: 12px/1.4 system-ui, sans-serif; color: #1f2328; }
    /* As in popup.css: system-ui in Japanese can be the fixed-width IPAGothic on Linux. */
    :host(:lang(ja)) { font-family: "Hiragino Sans", "Yu Gothic UI", Meiryo, "Noto Sans CJK JP", "IPAPGothic", system-ui, sans-serif; }
    .box { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 4px 6px; padding: 4px 6px;
           border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; max-width: 100%; box-sizing: border-box; }
    /* The notice takes the rest of the brand's line; buttons that do not fit go below. */
    p { margin: 0; flex: 1 1 16em; }
    p[data-kind=spent], p[data-kind=warn], p[data-kind=error] { color: #7d4e00; font-weight: 600; }
    button { font: inherit; padding: 2px 8px; border: 1px solid #d0d7de; border-radius: 4px; background: #fff; color: inherit; cursor: pointer; }
    button[data-primary] { background: #0969da; border-color: #0969da; color: #fff; }
    button[data-tearoff=dismiss] { border: none; background: none; padding: 0 4px; }
    button:focus-visible { outline: 2px solid #0969da; outline-offset: 1px; }
    .brand { font-weight: 600; }
  `;

  // mount(anchor) -> {host, root}: insert the host right after `anchor`.
  function mount(anchor, lang) {
    const host = document.createElement('div');
    host.setAttribute('data-tearoff', 'offer');
    host.lang = lang;
    const root = host.attachShadow({mode: 'open'});
    anchor.insertAdjacentElement('afterend', host);
    // Keep our clicks and keys from reaching page handlers (click-outside closers,
    // form shortcuts). The page still sees the events bubble to the host; stop there.
    for (const type of ['click', 'keydown', 'mousedown', 'pointerdown']) {
      host.addEventListener(type, (ev) => ev.stopPropagation());
    }
    return {host, root};
  }

  // render(view, spec): replace the offer's content.
  // spec: {state, notice, noticeKind, buttons: [{kind, label, account, accountId, primary}],
  //        onButton(button, event), dismissLabel, brand}
  function render(view, spec) {
    const {host, root} = view;
    host.setAttribute('data-state', spec.state || 'offer');
    root.replaceChildren();
    const style = document.createElement('style');
    style.textContent = CSS;
    const box = document.createElement('div');
    box.className = 'box';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', spec.brand);
    const brand = document.createElement('span');
    brand.className = 'brand';
    brand.textContent = spec.brand;
    box.append(brand);
    if (spec.notice) {
      const p = document.createElement('p');
      p.setAttribute('data-tearoff', 'notice');
      p.setAttribute('data-kind', spec.noticeKind || 'info');
      p.setAttribute('role', spec.noticeKind === 'spent' || spec.noticeKind === 'error' ? 'alert' : 'status');
      p.textContent = spec.notice;
      box.append(p);
    }
    const made = [];
    for (const b of spec.buttons || []) {
      const el = document.createElement('button');
      el.type = 'button';
      el.setAttribute('data-tearoff', b.kind);
      if (b.account != null) el.setAttribute('data-account', b.account);
      if (b.accountId != null) el.setAttribute('data-account-id', b.accountId);
      if (b.primary) el.setAttribute('data-primary', '');
      el.textContent = b.label;
      el.addEventListener('click', (ev) => spec.onButton(b, ev));
      box.append(el);
      made.push(el);
    }
    const x = document.createElement('button');
    x.type = 'button';
    x.setAttribute('data-tearoff', 'dismiss');
    x.setAttribute('aria-label', spec.dismissLabel);
    x.title = spec.dismissLabel;
    x.textContent = '×';
    x.addEventListener('click', (ev) => spec.onButton({kind: 'dismiss'}, ev));
    box.append(x);
    root.append(style, box);
    return made;
  }

  function remove(view) {
    view?.host?.remove();
  }

  globalThis.TearoffOffer = Object.freeze({mount, render, remove});
})();
