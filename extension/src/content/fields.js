// TearoffFields: what a page's inputs say about themselves (attributes, labels, ARIA),
// read without touching layout. On every page (manifest.json), for gate.js; dom.js
// builds the rest of its reading of the page on it.
(() => {
  'use strict';

  const need = globalThis.TearoffNeed;
  const V = need('TearoffVeto');

  function text(el, max = 300) {
    return String(el?.textContent || '').replace(/\s+/g, ' ').trim().slice(0, max);
  }

  function isTextInput(el) {
    return el instanceof HTMLInputElement && V.TEXTLIKE.has((el.getAttribute('type') || '').toLowerCase());
  }

  // The page's <input>s, a live collection the browser keeps: the same object each call.
  function pageInputs() {
    return document.getElementsByTagName('input');
  }

  function byIds(ids) {
    return String(ids || '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => text(document.getElementById(id)))
      .join(' ');
  }

  // describeOwn(input) -> what the field says about itself: attributes, labels, ARIA.
  // No layout, no climbing: enough for every veto (veto.js), so it can rule fields
  // out before anything costly is read.
  // bare: attributes only (input.labels can search the whole document for label[for]).
  function describeOwn(input, {bare = false} = {}) {
    const labels = !bare && input.labels ? Array.from(input.labels, (l) => text(l)).join(' ') : '';
    return {
      type: input.getAttribute('type') || '',
      name: input.getAttribute('name') || '',
      id: input.id || '',
      autocomplete: input.getAttribute('autocomplete') || '',
      inputmode: input.getAttribute('inputmode') || '',
      placeholder: input.getAttribute('placeholder') || '',
      label: labels,
      aria: [input.getAttribute('aria-label'), !bare && byIds(input.getAttribute('aria-labelledby')), !bare && byIds(input.getAttribute('aria-describedby'))]
        .filter(Boolean)
        .join(' '),
      maxLength: input.maxLength,
      search: !!input.closest('[role=search],search'),
    };
  }

  // A field where the person types the account name in a login flow.
  function isUsernameField(el) {
    if (!(el instanceof HTMLInputElement)) return false;
    const type = (el.getAttribute('type') || 'text').toLowerCase();
    const ac = (el.getAttribute('autocomplete') || '').toLowerCase();
    if (/\busername\b/.test(ac)) return true;
    if (type !== 'text' && type !== 'email') return false;
    const words = `${el.name} ${el.id}`.toLowerCase();
    const inLogin = !!el.form?.querySelector('input[type=password]');
    return inLogin && /user|login|email|mail|account|identifier|handle/.test(words);
  }

  globalThis.TearoffFields = Object.freeze({text, isTextInput, pageInputs, byIds, describeOwn, isUsernameField});
})();
