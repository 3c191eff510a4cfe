// TearoffPages: is this page one where Tearoff acts without a code field, a site's page
// for new codes (capture.js) or X's phone settings (nudge.js)? The list comes from the
// host's catalogue, which the background publishes to storage.local (background/pages.js).
//
// Cost: nothing on other sites. This file, capture.js and nudge.js are a content script
// entry of their own in manifest.json, matched only to the domains of the catalogue's
// sites with such pages (test/unit/load-order.test.mjs keeps the two lists equal), so
// the browser decides by URL. On those sites: one storage.local read (no message, no
// wake of the background) and a hostname compare; then a location check on the page's
// own mutations, since they are single-page apps whose URL changes without a load.
(() => {
  'use strict';

  const KEY = 'tearoff_pages';
  const api = globalThis.browser ?? globalThis.chrome;
  let sitesPromise = null;

  function onHost(site) {
    const host = location.hostname;
    return (site.domains || []).some((d) => host === d || host.endsWith(`.${d}`));
  }

  // The catalogue entries for this host; waits for the list once if it is not there yet
  // (a fresh install, before the background has asked the host).
  function sitesHere() {
    sitesPromise ??= new Promise((resolve) => {
      const storage = api?.storage?.local;
      if (!storage) return resolve([]);
      const take = (list) => resolve(Array.isArray(list) ? list.filter(onHost) : []);
      storage.get(KEY).then((got) => {
        if (got?.[KEY]) return take(got[KEY]);
        const later = (changes, area) => {
          if (area !== 'local' || !changes[KEY]) return;
          api.storage.onChanged.removeListener(later);
          take(changes[KEY].newValue);
        };
        api.storage.onChanged.addListener(later);
      }, () => resolve([]));
    });
    return sitesPromise;
  }

  // match(site, kind) -> for 'capture': the path regex's match (group 1 may be the
  // account) or null; for 'phone': true/false.
  function match(site, kind) {
    const re = kind === 'capture' ? site.capture?.url : site.phone_url;
    if (!re) return null;
    try {
      return new RegExp(re, 'u').exec(location.pathname);
    } catch {
      return null;
    }
  }

  // watch(kind, onPage): calls onPage(site, match) whenever the location becomes a page
  // of that kind (at once if it is one), and onPage(null) when it stops being one.
  async function watch(kind, onPage) {
    const sites = await sitesHere();
    const candidates = sites.filter((s) => (kind === 'capture' ? s.capture : s.phone_url));
    if (!candidates.length) return;
    let last = null;
    const check = () => {
      if (location.href === last) return;
      last = location.href;
      for (const site of candidates) {
        const m = match(site, kind);
        if (m) return onPage(site, m);
      }
      onPage(null, null);
    };
    check();
    let timer = 0;
    new MutationObserver(() => {
      if (!timer) timer = setTimeout(() => { timer = 0; check(); }, 150);
    }).observe(document.documentElement, {childList: true, subtree: true});
  }

  globalThis.TearoffPages = Object.freeze({watch});
})();
