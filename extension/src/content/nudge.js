// Tearoff phone-number nudge: on X's phone settings page (the catalogue's `phone_url`),
// when the person types a phone number (adding or changing one), one small dismissible
// note says that X lets people who have the number find the account, and where that
// setting is. Nothing is sent anywhere and nothing is stored; once per page load.
//
//   <div data-tearoff="nudge"> #shadow-root (open) <p data-tearoff="notice"> <button data-tearoff="dismiss">
(() => {
  'use strict';

  const need = globalThis.TearoffNeed;
  const M = need('TearoffMessaging');
  const Pages = need('TearoffPages');

  if (window.top !== window || location.protocol !== 'https:') return;
  if (globalThis.__tearoffNudge) return;
  globalThis.__tearoffNudge = true;
  const CSS = `
    :host { all: initial; display: block; margin: 8px 0; font: 13px/1.45 system-ui, sans-serif; color: #0f1419; }
    :host(:lang(ja)) { font-family: "Hiragino Sans", "Yu Gothic UI", Meiryo, "Noto Sans CJK JP", "IPAPGothic", system-ui, sans-serif; }
    .box { display: flex; align-items: flex-start; gap: 8px; padding: 8px 10px; max-width: 40em; box-sizing: border-box;
           border: 1px solid #d0d7de; border-left: 4px solid #bf8700; border-radius: 6px; background: #fff8c5; }
    p { margin: 0; flex: 1; }
    b { font-weight: 600; }
    button { font: inherit; border: none; background: none; cursor: pointer; padding: 0 4px; color: inherit; }
    button:focus-visible { outline: 2px solid #0969da; }
  `;

  let onPage = false;
  let shown = false; // once per page load, dismissed or not

  let listening = false;
  Pages.watch('phone', (site) => {
    onPage = Boolean(site);
    // The listener goes on only once the phone page is reached: other pages get none.
    if (onPage && !listening) {
      listening = true;
      document.addEventListener('input', onInput, true); // capture: the page may stop propagation
    }
  });

  // A phone number field: type=tel, autocomplete tel*, or a name/id that says phone.
  function isPhoneField(el) {
    if (!(el instanceof HTMLInputElement)) return false;
    const type = (el.getAttribute('type') || '').toLowerCase();
    const hint = `${el.getAttribute('autocomplete') || ''} ${el.name || ''} ${el.id || ''}`.toLowerCase();
    return type === 'tel' || /\btel\b|phone/.test(hint);
  }

  function onInput(ev) {
    if (!onPage || shown || !ev.isTrusted || !isPhoneField(ev.target)) return;
    shown = true;
    show(ev.target);
  }

  function show(field) {
    const host = document.createElement('div');
    host.setAttribute('data-tearoff', 'nudge');
    host.lang = M.uiLanguage();
    const root = host.attachShadow({mode: 'open'});
    const box = document.createElement('div');
    box.className = 'box';
    box.setAttribute('role', 'note');
    const p = document.createElement('p');
    p.setAttribute('data-tearoff', 'notice');
    const head = document.createElement('b');
    head.textContent = M.msg('content_nudge_phone_title');
    p.append(head, ' ', M.msg('content_nudge_phone'));
    const x = document.createElement('button');
    x.type = 'button';
    x.setAttribute('data-tearoff', 'dismiss');
    x.setAttribute('aria-label', M.msg('offer_dismiss'));
    x.title = M.msg('offer_dismiss');
    x.textContent = '×';
    x.addEventListener('click', (ev) => { if (ev.isTrusted) host.remove(); });
    for (const type of ['click', 'keydown', 'mousedown', 'pointerdown']) host.addEventListener(type, (ev) => ev.stopPropagation());
    box.append(p, x);
    const style = document.createElement('style');
    style.textContent = CSS;
    root.append(style, box);
    (field.closest('label') || field).insertAdjacentElement('afterend', host);
  }
})();
