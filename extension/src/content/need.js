// TearoffNeed: how one content module takes another's namespace. The content script's
// files share one global scope and run in the order manifest.json lists them, then, on
// pages that get the finder, in the order background/finder.js lists. A file
// listed too early, or left out, must fail at load with the name of what is missing:
// a namespace read as undefined would only fail later, inside a scan whose errors are
// caught, and the page would just never get an offer.
(() => {
  'use strict';

  // need(name) -> the namespace object globalThis[name]; throws when it is not loaded.
  function need(name) {
    const ns = globalThis[name];
    if (ns == null) throw new Error(`Tearoff: ${name} is not loaded; manifest.json or background/finder.js must list the file that defines it before this one`);
    return ns;
  }

  globalThis.TearoffNeed = need;
})();
