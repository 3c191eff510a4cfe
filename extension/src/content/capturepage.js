// TearoffCapturePage: what a site's page for new codes shows, read through the
// catalogue's `capture` entry (host/sites/README.md): the element holding the codes, its
// visible text (which only the host parses: this file never decides what a code is),
// and the account the page is signed in as. No DOM writes, no messages.
(() => {
  'use strict';

  const MAX_TEXT = 16 * 1024; // the background refuses more; a codes block is far smaller
  const MAX_LABEL = 128;

  function first(selectors, query) {
    for (const sel of selectors || []) {
      let el;
      try {
        el = query(sel);
      } catch {
        continue; // a selector this browser does not support
      }
      if (el) return el;
    }
    return null;
  }

  // The visible text of `el`, one trimmed line per rendered line, empty lines dropped.
  // innerText leaves out what CSS hides, so a hidden template's codes are not read.
  function textOf(el) {
    const raw = String(el?.innerText ?? '');
    return raw
      .split(/\r?\n/)
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
      .join('\n')
      .slice(0, MAX_TEXT);
  }

  // The codes block: the first catalogue selector whose element shows some text.
  function block(site, query) {
    for (const sel of site.capture?.codes || []) {
      const el = first([sel], query);
      if (el && textOf(el)) return el;
    }
    return null;
  }

  // A label from an element: a meta tag's content, a profile link's last path segment,
  // else its text; a leading "@" (X handles) is dropped.
  function labelOf(el) {
    if (!el) return '';
    let v;
    if (el.tagName === 'META') v = el.getAttribute('content') || '';
    else if (el.tagName === 'A' && el.getAttribute('href')) v = String(el.getAttribute('href')).split(/[?#]/)[0].split('/').filter(Boolean).pop() || '';
    else v = el.getAttribute?.('data-username') || el.getAttribute?.('data-email') || el.textContent || '';
    return clean(v);
  }

  function clean(v) {
    let s = String(v || '').replace(/\s+/g, ' ').trim().replace(/^@/, '');
    try {
      s = decodeURIComponent(s);
    } catch {
      // not percent-encoded
    }
    return s.length > MAX_LABEL ? '' : s;
  }

  // The account to preselect: what the page shows (catalogue selectors), else the capture
  // URL's first group (npm's /settings/NAME/tfa), else the one account stored for the site.
  function account(site, match, query, stored = []) {
    const fromPage = labelOf(first(site.capture?.account, query));
    if (fromPage) return fromPage;
    const fromPath = match?.[1] ? clean(match[1]) : '';
    if (fromPath) return fromPath;
    return stored.length === 1 ? stored[0].account : '';
  }

  // The stored account a save under `label` would replace, or null for a new account.
  function replaces(label, stored = []) {
    return stored.find((a) => a.account === label && a.total > 0) ?? null;
  }

  globalThis.TearoffCapturePage = Object.freeze({block, textOf, labelOf, account, replaces, MAX_TEXT});
})();
