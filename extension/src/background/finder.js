// The finder: the content script's larger part (finding the step, the offer, the fill,
// tracking the submit). content/boot.js, on every https page, asks for it only once the
// page has a field it has work with (content/gate.js); the background then injects
// these files into that tab's top frame, in this order, into the content script's own
// world. They take the namespaces of the files manifest.json loads on every page.
export const FINDER_FILES = [
  'lookalike.js',
  'detect.js',
  'visibletext.js',
  'dom.js',
  'steps.js',
  'wording.js',
  'near.js',
  'offer.js',
  'track.js',
  'offers.js',
  'switcher.js',
  'locate.js',
  'username.js',
  'readiness.js',
  'fill.js',
  'content.js',
].map((f) => `content/${f}`);
