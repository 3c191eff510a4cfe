// TearoffUsername: the username typed earlier in this login flow, so the offer can put
// the matching account first. The background keeps it per tab and site, in memory only
// (a single-page step may replace the username field before the code step appears).
(() => {
  'use strict';

  const M = globalThis.TearoffNeed('TearoffMessaging');
  const MAX = 200; // longer is not a username: a pasted text, kept out of the background

  let last = '';

  function remember(value) {
    const v = String(value || '').trim();
    if (!v || v.length > MAX || v === last) return;
    last = v;
    M.send('tearoff:username', {username: v}).catch(() => {});
  }

  // get() -> the username typed in this page, else the one the background kept, else ''.
  async function get() {
    if (last) return last;
    try {
      return (await M.send('tearoff:username')).username || '';
    } catch {
      return '';
    }
  }

  globalThis.TearoffUsername = Object.freeze({remember, get});
})();
