// TearoffSteps: pure helpers over the host's site catalogue (host/sites/catalogue.json):
// which catalogue site a hostname belongs to, which of its steps a URL is on, what a
// heading says, what to offer there, whether the step shows an "invalid code" error.
//
// The catalogue only steers the UI. Which codes a page may get is decided by the host
// from the tab URL (origin binding); nothing here can widen that.
(() => {
  'use strict';

  const lower = (s) => String(s || '').replace(/\s+/g, ' ').trim().toLowerCase();

  // matchSite(sites, hostname) -> site | null. "accounts.google.com" belongs to "google.com".
  function matchSite(sites, hostname) {
    const h = lower(hostname).replace(/\.$/, '');
    if (!h || !Array.isArray(sites)) return null;
    for (const site of sites) {
      for (const d of site?.domains || []) {
        const dom = lower(d);
        if (dom && (h === dom || h.endsWith('.' + dom))) return site;
      }
    }
    return null;
  }

  function safeTest(pattern, text) {
    if (!pattern) return true;
    try {
      return new RegExp(pattern).test(text);
    } catch {
      return false; // a broken catalogue regex matches nothing rather than everything
    }
  }

  // stepsFor(site, {pathname, search, hash}) -> steps whose url (and hash, if given) match.
  function stepsFor(site, loc) {
    const path = loc.pathname || '/';
    return (site?.steps || []).filter(
      (st) =>
        (safeTest(st.url, path) || safeTest(st.url, path + (loc.search || ''))) &&
        (!st.hash || safeTest(st.hash, loc.hash || '')),
    );
  }

  // headingKind(site, text) -> 'backup' | 'otp' | null. Backup wins when both appear:
  // its headings are the more specific ones.
  function headingKind(site, text) {
    const t = lower(text);
    if (!t || !site?.headings) return null;
    for (const kind of ['backup', 'otp']) {
      for (const h of site.headings[kind] || []) {
        if (h && t.includes(lower(h))) return kind;
      }
    }
    return null;
  }

  // action(site, kind) -> 'fill' | 'switch'. On a site whose backup codes live on their
  // own step, the OTP step gets "Use a backup code" (go there) instead of a fill.
  function action(site, kind) {
    return site && site.backup_step === 'separate' && kind === 'otp' ? 'switch' : 'fill';
  }

  const GENERIC_ERROR = /invalid|incorrect|wrong code|failed|didn[’']t work|not valid|try again|無効|正しくありません|間違|一致しません|失敗/i;

  // findError(text, site, {generic}) -> the matching fragment or null. The site's own
  // fragments always count; the generic words only when asked (i.e. right after we
  // submitted a code here), since instructions often say "if the code is invalid...".
  function findError(text, site, opts = {}) {
    const t = lower(text);
    if (!t) return null;
    for (const frag of site?.errors || []) {
      if (frag && t.includes(lower(frag))) return frag;
    }
    if (opts.generic) {
      const m = t.match(GENERIC_ERROR);
      if (m) return m[0];
    }
    return null;
  }

  // matchSwitch(sw, items) -> index of the site's own "use a backup code" control, or -1.
  // items: [{text, href}] (href already resolved to a pathname+hash or full URL).
  // An exact href match beats text; text matches compare whole trimmed texts first,
  // then containment, so "Backup code" does not grab a paragraph that mentions it.
  function matchSwitch(sw, items, skip = []) {
    if (!sw || !Array.isArray(items)) return -1;
    const texts = (sw.texts || []).map(lower).filter(Boolean);
    const href = sw.href || '';
    const ok = (i) => !skip.includes(i);
    if (href) {
      const i = items.findIndex((it, j) => ok(j) && it.href && (it.href === href || it.href.endsWith(href)));
      if (i >= 0) return i;
    }
    let i = items.findIndex((it, j) => ok(j) && texts.includes(lower(it.text)));
    if (i >= 0) return i;
    i = items.findIndex((it, j) => ok(j) && lower(it.text).length <= 80 && texts.some((t) => lower(it.text).includes(t)));
    return i;
  }

  // pickPrimary(accounts, username) -> account id or null: the account whose label is
  // the username typed earlier in this login flow (or its e-mail local part).
  function pickPrimary(accounts, username) {
    const norm = (s) => lower(s).replace(/^@/, ''); // X handles are typed with or without "@"
    const u = norm(username);
    if (!u || !Array.isArray(accounts)) return null;
    const local = (s) => s.split('@')[0];
    const hit =
      accounts.find((a) => norm(a.account) === u) ||
      accounts.find((a) => local(norm(a.account)) !== '' && local(norm(a.account)) === local(u)) ||
      null;
    return hit ? hit.id : null;
  }

  globalThis.TearoffSteps = Object.freeze({matchSite, stepsFor, headingKind, action, findError, matchSwitch, pickPrimary});
})();
