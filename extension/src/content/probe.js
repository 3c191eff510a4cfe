// TearoffProbe: a deterministic "the content script has looked" signal for tests.
//
// Tests cannot see when a scan finishes, and "no offer appeared" is worth something only
// after one has. A page (a test, in practice) that sets data-tearoff-probe="N" on <html>
// gets data-tearoff-scanned="N" once a scan that began after the change has finished,
// offer included. Pages without the attribute are never written to: the cost is one
// attribute read per scan.
(() => {
  'use strict';

  const ASK = 'data-tearoff-probe';
  const DONE = 'data-tearoff-scanned';

  // begin() -> the token to hand to end(), or null on an ordinary page.
  function begin() {
    return document.documentElement.getAttribute(ASK);
  }

  function end(token) {
    if (token != null) document.documentElement.setAttribute(DONE, token);
  }

  globalThis.TearoffProbe = Object.freeze({ASK, begin, end});
})();
