// TearoffWatch: when the content script looks at the page: at once when a field that
// could hold a code appears, later (schedule.js's debounce) when anything else changed.
//
// Two sources, so that a page pays per look, not per mutation, and a page that never
// shows a code field pays next to nothing:
// - One MutationObserver that reports once and then waits. A callback whose records add
//   a code-capable <input> asks for a look now(), in the same task.
//   Until a look has seen a field that could be a code field (candidateSeen()), it
//   watches the tree only, and any other change asks for no look at all: the observer
//   rests (1 s, doubling on a page that keeps changing) and then watches again. A feed,
//   a comment form or a search page gets a few callbacks and no looks.
//   Once a candidate is seen, tree and attribute changes ask for a debounced look
//   (later()), and the look reconnects the observer (rearm()) before it reads the page.
//   Whatever changed between the two, the look sees as the page then is: the step's
//   text, a field shown by a class or style flip, the field gone after submit. A page
//   mutating a thousand times a second costs one callback per look, and looks are
//   debounced, up to 5 s apart on a busy page.
// - A sentinel stylesheet (watch.css) gives every <input> that could take a typed code
//   (a code-capable type, neither disabled nor read-only) a 1 ms animation; the browser
//   fires animationstart when such an input is rendered: inserted, shown from
//   display:none, or turned into one (enabled, or given a text type). It covers the
//   time the observer waits or rests. Any animation on an input counts (a page's own
//   rule wins over ours, and its animation tells the same). It arrives with the next
//   frame, so the observer, when connected, is first.
//   On a page whose rules stop animations on inputs, a field added while the observer
//   waits or rests is looked at when it gets focus (focus on a code-capable field always
//   asks for a look) or, once a candidate is seen, by the next look, which walks the
//   page (content.js).
(() => {
  'use strict';

  // Attribute changes that show or hide a step, watched with the tree once a candidate
  // field is seen.
  const ATTRIBUTES = ['hidden', 'style', 'class', 'aria-hidden', 'open'];
  // Inputs that can take a typed code: veto.js's TEXTLIKE types (a search box or a
  // checkbox coming and going on a busy page is no reason to look at once), neither
  // disabled nor read-only. watch.css's sentinel rule uses this very selector (a unit
  // test keeps the two equal). The type attribute matches case-insensitively in HTML.
  const CODE_INPUT = `input:read-write:is(${[...globalThis.TearoffNeed('TearoffVeto').TEXTLIKE]
    .map((type) => (type ? `[type=${type}]` : ':not([type]), [type=""]'))
    .join(', ')})`;
  const isCodeInput = (el) => el.localName === 'input' && el.matches(CODE_INPUT);
  const SENTINEL = 'tearoff-input-seen'; // the animation in watch.css
  const MAX_NODES = 500; // added nodes looked at per callback; past that, it reports no input
  const REST = 1000; // before a candidate: how long the observer rests after a change,
  const MAX_REST = 8000; // doubling up to this on a page that keeps changing
  // How long a look that walked the whole page stands in for the next: once the
  // sentinel is known to report new fields (sentinelWorks()), a look asked for by one
  // field may check that field alone until then (boot.js, content.js).
  const REWALK = 5000;

  // addsInput(records, seen) -> true when some added node is a code-capable <input> or
  // holds one; that input goes into `seen` (a WeakSet), if given.
  function addsInput(records, seen = null) {
    let n = 0;
    for (const rec of records) {
      if (rec.type !== 'childList') continue; // attribute records add nothing
      for (const node of rec.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (++n > MAX_NODES) return false;
        const input = node.localName === 'input' ? node.matches(CODE_INPUT) && node : node.firstElementChild && node.querySelector(CODE_INPUT);
        if (input) {
          seen?.add(input);
          return true;
        }
      }
    }
    return false;
  }

  // start({now, later, askAttributes}) -> {rearm, candidateSeen, waiting, sentinelWorks}.
  // now(field?) asks for a look at once (field: the input the sentinel saw or that got
  // focus, if that is what asked), later() for a debounced one. The caller's look must call rearm()
  // before it reads the page. A change of one of askAttributes on <html> (the test
  // probe's, probe.js) asks for a look at once, candidate or not.
  // Until the caller says a look saw a candidate (candidateSeen()), the observer asks
  // only for now() looks, and rearm() reconnects it early.
  function start({now, later, askAttributes = []}) {
    const root = document.documentElement;
    let candidate = false;
    let connected = false;
    // Inputs the observer has reported: their first animationstart asks for nothing,
    // since the look it asked for has seen them (once shown, a candidate's class,
    // style or hidden flip is the observer's again, see candidateSeen()).
    const reported = new WeakSet();

    const observer = new MutationObserver((records) => {
      observer.disconnect();
      connected = false;
      if (addsInput(records, reported)) now();
      else if (candidate) later();
      else rest();
    });

    // Before a candidate, a change without a new field asks for no look: the observer
    // rests, then watches again. A page that changes again at once (a feed) rests twice
    // as long each time, up to MAX_REST; what it adds meanwhile, the sentinel reports.
    let restFor = REST;
    let connectedAt = 0;
    function rest() {
      restFor = performance.now() - connectedAt < REST ? Math.min(restFor * 2, MAX_REST) : REST;
      setTimeout(() => connected || connect(), restFor);
    }

    // Before a candidate, only the tree: a page's class and style churn costs it nothing.
    function connect() {
      observer.observe(root, candidate ? {childList: true, subtree: true, attributes: true, attributeFilter: ATTRIBUTES} : {childList: true, subtree: true});
      connected = true;
      connectedAt = performance.now();
    }
    connect();

    // The probe's attributes live on <html> itself: no subtree, and no callback on a
    // page that never sets them.
    if (askAttributes.length) new MutationObserver(() => now()).observe(root, {attributes: true, attributeFilter: askAttributes});

    // Whether the sentinel's own animation has started on this page: a page whose rules
    // stop it never tells of new fields this way (see sentinelWorks()).
    let sentinelSeen = false;
    document.addEventListener('animationstart', (event) => {
      const el = event.target;
      if (el.localName !== 'input') return;
      if (event.animationName === SENTINEL) sentinelSeen = true;
      if (!reported.delete(el) && isCodeInput(el)) now(el);
    }, true);
    // Focus on a code-capable field asks for a look at once too: whatever a page's styles
    // do, a field is looked at when the person goes to type in it.
    document.addEventListener('focusin', (event) => {
      if (isCodeInput(event.target)) now(event.target);
    }, true);

    return {
      rearm() {
        if (!connected) connect();
      },
      candidateSeen() {
        if (candidate) return;
        candidate = true;
        connect(); // replaces the options of an earlier observe() on the same root
      },
      waiting: () => !connected,
      // Has watch.css's animation told of a field on this page? Until it has, a look
      // cannot count on hearing of every field added while the observer waited.
      sentinelWorks: () => sentinelSeen,
    };
  }

  globalThis.TearoffWatch = Object.freeze({start, addsInput, CODE_INPUT, REWALK});
})();
