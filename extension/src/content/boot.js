// Tearoff content script, the part on every https page: it starts the watch (watch.js,
// scan.js) and, at each look, asks whether the page has a field the finder has work
// with (gate.js). Only then does it ask the background to inject the finder (the files
// background/finder.js lists, content.js last), and from then on the finder's look is
// the look.
//
// Cost: a page that never has such a field (a feed, a search page, a comment form)
// compiles and runs only this part's files, gets a look only when a code-capable field
// appears or gets focus, and sends the background nothing.
(() => {
  'use strict';

  const need = globalThis.TearoffNeed;
  const G = need('TearoffGate');
  const M = need('TearoffMessaging');
  const P = need('TearoffProbe');
  const Scan = need('TearoffScan');
  const Watch = need('TearoffWatch');
  const F = need('TearoffFields');

  // Top frame, https only: never offer or fill inside iframes or on plain http.
  if (window.top !== window || location.protocol !== 'https:') return;
  if (globalThis.__tearoffContent) return; // injected twice (extension reload): keep the first
  globalThis.__tearoffContent = true;

  let finderLook = null;
  let injecting = null; // the background's injection of the finder, asked once per page
  let walkedAt = -Infinity; // when the gate last judged every input of the page

  // Does the page have a field for the finder? A look asked for by one field judges that
  // field (and its form) alone while the page's last walk is recent and the sentinel
  // reports new fields (watch.js); otherwise every input of the page. On a busy page that
  // walk costs more than the judging: the document's list of inputs is walked anew
  // after every change.
  function wanted(field) {
    if (field && performance.now() - walkedAt < Watch.REWALK && watch.sentinelWorks()) return G.fieldWants(field);
    walkedAt = performance.now();
    return G.pageWants();
  }

  async function look(urgent, field) {
    if (!finderLook) {
      watch.rearm(); // before reading the page, as watch.js asks
      if (!wanted(field)) return;
      // A failed injection is asked for again at the next look.
      injecting ??= M.send('tearoff:finder').catch((err) => {
        injecting = null;
        throw err;
      });
      await injecting;
      finderLook ??= need('TearoffContent').start({scan, watch});
    }
    await finderLook(urgent, field);
  }

  const scan = Scan.create(look);
  const watch = Watch.start({now: scan.now, later: scan.later, askAttributes: [P.ASK]});
  // A page that loads with an input is looked at once: a username typed on a fast
  // single-page step may be gone before the next look. One that loads without any has
  // been judged whole.
  if (F.pageInputs()[0]) scan.now();
  else walkedAt = performance.now();
})();
