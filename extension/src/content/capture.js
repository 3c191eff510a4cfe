// Tearoff capture: on a site's page for new codes (the catalogue's `capture`), offers
// "Save these N codes to Tearoff" right after the codes, with the account preselected
// where the page shows it. The codes block's visible text goes to the host, which parses
// it (`parse_codes` for the count, `capture` to save); nothing of it is kept here, logged
// or stored by the extension. Saving over an account that holds codes asks first, since
// the host then marks the old set revoked. Only a trusted click saves.
//
//   <div data-tearoff="capture" data-state="offer|confirm|saved|error">
//     #shadow-root (open)
//       <span class="brand">  <p data-tearoff="notice">  <input data-tearoff="account">
//       <button data-tearoff="save|confirm|cancel|dismiss">
(() => {
  'use strict';

  const need = globalThis.TearoffNeed;
  const M = need('TearoffMessaging');
  const CP = need('TearoffCapturePage');
  const Pages = need('TearoffPages');

  if (window.top !== window || location.protocol !== 'https:') return;
  if (globalThis.__tearoffCapture) return;
  globalThis.__tearoffCapture = true;
  const query = (sel) => document.querySelector(sel);

  const CSS = `
    :host { all: initial; display: block; margin: 8px 0; font: 13px/1.4 system-ui, sans-serif; color: #1f2328; }
    :host(:lang(ja)) { font-family: "Hiragino Sans", "Yu Gothic UI", Meiryo, "Noto Sans CJK JP", "IPAPGothic", system-ui, sans-serif; }
    .box { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; padding: 6px 8px;
           border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; max-width: 44em; box-sizing: border-box; }
    p { margin: 0; flex: 1 1 100%; }
    p[data-kind=warn], p[data-kind=error] { color: #7d4e00; font-weight: 600; }
    label { display: inline-flex; align-items: center; gap: 4px; }
    input { font: inherit; padding: 2px 4px; border: 1px solid #d0d7de; border-radius: 4px; width: 12em; }
    button { font: inherit; padding: 2px 8px; border: 1px solid #d0d7de; border-radius: 4px; background: #fff; color: inherit; cursor: pointer; }
    button[data-primary] { background: #0969da; border-color: #0969da; color: #fff; }
    button[data-tearoff=dismiss] { border: none; background: none; padding: 0 4px; margin-left: auto; }
    button:focus-visible, input:focus-visible { outline: 2px solid #0969da; outline-offset: 1px; }
    .brand { font-weight: 600; }
  `;

  let view = null; // {host, root, block, text, count, site, stored, account}
  let dismissedText = '';
  let looking = null; // MutationObserver while the codes are not shown yet
  let busy = false;

  Pages.watch('capture', (site, match) => {
    stop();
    if (site) look(site, match);
  });

  function stop() {
    looking?.disconnect();
    looking = null;
    view?.host.remove();
    view = null;
  }

  // Finds the codes block now or when the page shows it (and again when it changes,
  // e.g. after "Regenerate"), then asks the host what it holds.
  function look(site, match) {
    let timer = 0;
    const check = () => {
      timer = 0;
      const block = CP.block(site, query);
      const text = block ? CP.textOf(block) : '';
      if (!text || text === dismissedText || busy) return;
      if (view && view.block === block && view.text === text && view.host.isConnected) return;
      preview(site, match, block, text);
    };
    looking = new MutationObserver((records) => {
      if (records.every((r) => view && view.host.contains(r.target))) return; // our own UI
      if (!timer) timer = setTimeout(check, 200);
    });
    looking.observe(document.body || document.documentElement, {childList: true, subtree: true, characterData: true});
    check();
  }

  async function preview(site, match, block, text) {
    busy = true;
    try {
      let parsed;
      try {
        parsed = await M.send('tearoff:parse_codes', {text});
      } catch (err) {
        if (err.code === 'locked') show({site, block, text, count: 0, stored: []}, {state: 'error', notice: M.msg('content_locked')});
        return; // not (yet) a code list the host recognises: say nothing
      }
      let stored = [];
      try {
        stored = (await M.send('tearoff:offer')).accounts ?? [];
      } catch {
        // the count is still worth offering; the save will say what is wrong
      }
      const account = CP.account(site, match, query, stored);
      show({site, block, text, count: parsed.count, stored, account}, {state: 'offer'});
    } finally {
      busy = false;
    }
  }

  function offerLabel(count) {
    return count === 1 ? M.msg('content_capture_offer_one') : M.msg('content_capture_offer', [String(count)]);
  }

  function show(next, spec) {
    if (!view || view.block !== next.block || !view.host.isConnected) {
      view?.host.remove();
      const host = document.createElement('div');
      host.setAttribute('data-tearoff', 'capture');
      host.lang = M.uiLanguage();
      const root = host.attachShadow({mode: 'open'});
      next.block.insertAdjacentElement('afterend', host);
      for (const type of ['click', 'keydown', 'mousedown', 'pointerdown']) host.addEventListener(type, (ev) => ev.stopPropagation());
      view = {host, root};
    }
    Object.assign(view, next);
    render(spec);
  }

  function render({state, notice = '', noticeKind = 'info'}) {
    const {host, root} = view;
    host.setAttribute('data-state', state);
    const el = (tag, attrs = {}, text = '') => {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      if (text) e.textContent = text;
      return e;
    };
    const box = el('div', {class: 'box', role: 'group', 'aria-label': M.msg('offer_brand')});
    box.append(el('span', {class: 'brand'}, M.msg('offer_brand')));
    if (notice) box.append(el('p', {'data-tearoff': 'notice', 'data-kind': noticeKind, role: noticeKind === 'error' ? 'alert' : 'status'}, notice));
    const button = (kind, label, primary, onTrusted) => {
      const b = el('button', {type: 'button', 'data-tearoff': kind, ...(primary ? {'data-primary': ''} : {})}, label);
      // Only a real click or key press by the person: a page's element.click() is untrusted.
      b.addEventListener('click', (ev) => { if (ev.isTrusted) onTrusted(); });
      box.append(b);
    };
    if (state === 'offer') {
      const input = el('input', {type: 'text', 'data-tearoff': 'account', autocomplete: 'off', spellcheck: 'false', maxlength: '128'});
      input.value = view.account || '';
      input.addEventListener('input', () => { view.account = input.value; });
      const label = el('label', {}, '');
      label.append(M.msg('content_capture_account'), input);
      box.append(label);
      button('save', offerLabel(view.count), true, save);
    } else if (state === 'confirm') {
      button('confirm', M.msg('content_capture_replace'), true, () => commit());
      button('cancel', M.msg('content_capture_cancel'), false, () => render({state: 'offer'}));
    }
    button('dismiss', '×', false, () => { dismissedText = view.text; stop(); });
    const x = box.lastChild;
    x.setAttribute('aria-label', M.msg('offer_dismiss'));
    x.title = M.msg('offer_dismiss');
    root.replaceChildren(el('style', {}, CSS), box);
  }

  function save() {
    const label = String(view.account || '').trim();
    if (!label) return render({state: 'offer', notice: M.msg('content_capture_need_account'), noticeKind: 'error'});
    view.account = label;
    const old = CP.replaces(label, view.stored);
    if (!old) return commit();
    const left = String((old.remaining ?? 0) + (old.uncertain ?? 0));
    render({state: 'confirm', noticeKind: 'warn', notice: M.msg('content_capture_confirm', [left, label, view.site.name])});
  }

  async function commit() {
    if (busy) return;
    busy = true;
    const shown = view;
    try {
      // The codes as the page shows them now: if they changed since the preview, the
      // person has not seen an offer for these, so offer again rather than save.
      const text = CP.textOf(shown.block);
      if (text !== shown.text) return render({state: 'offer', notice: M.msg('content_capture_changed'), noticeKind: 'warn'});
      const r = await M.send('tearoff:capture', {account: shown.account, text});
      const replaced = (r.account?.revoked ?? 0) > 0;
      const notice = M.msg(replaced ? 'content_capture_saved_replaced' : 'content_capture_saved', [String(r.imported ?? shown.count), shown.account]);
      if (view === shown) render({state: 'saved', notice});
    } catch (err) {
      if (view === shown) render({state: 'error', noticeKind: 'error', notice: err.code === 'locked' ? M.msg('content_locked') : M.msg('content_error', [err.message || err.code])});
    } finally {
      busy = false;
    }
  }
})();
