// TearoffReadiness: a verification step was found on a site for which Tearoff holds no
// codes (content.js calls note()). The background asks the host to remember the site's
// registrable domain and the date (host `note_2fa_site`; the URL is the one the browser
// reports, nothing of the page is sent), unless the options turned the list off. Once
// per page load.
(() => {
  'use strict';

  const M = globalThis.TearoffNeed('TearoffMessaging');
  let sent = false;
  function note() {
    if (sent) return;
    sent = true;
    M.send('tearoff:note_2fa_site').catch(() => {});
  }

  globalThis.TearoffReadiness = Object.freeze({note});
})();
