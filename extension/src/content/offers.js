// TearoffOffers: the host's answer to "which accounts have codes for this page", asked
// once per page and site and kept for the page's life. Any change to the codes (a
// reserve, a consume, a release) drops it, so counts on the buttons stay true; a
// navigation starts a new content script, hence a new cache. Errors (locked, host
// gone) are never kept: the next look asks again.
(() => {
  'use strict';

  const M = globalThis.TearoffNeed('TearoffMessaging');
  let cached = null; // {host, promise}

  // get() -> promise of the `tearoff:offer` result for this page.
  function get() {
    const host = location.hostname;
    if (cached?.host === host) return cached.promise;
    const entry = {host, promise: M.send('tearoff:offer')};
    cached = entry;
    entry.promise.catch(() => {
      if (cached === entry) cached = null;
    });
    return entry.promise;
  }

  // Starts the request without waiting for it (the answer is then ready when needed).
  function prefetch() {
    get().catch(() => {});
  }

  function drop() {
    cached = null;
  }

  globalThis.TearoffOffers = Object.freeze({get, prefetch, drop});
})();
