// Tearoff content script: finds the verification step, shows the offer, fills on a
// trusted click, and records the code as used when the step is submitted.
// Loaded last, after the files that define the namespaces it uses (see manifest.json).
//
// Cost: a page without <input> gets one MutationObserver (watch.js) whose callback
// checks added elements for inputs and otherwise only arms a timer (schedule.js);
// nothing else runs and nothing is sent to the background. The background is asked
// anything only once some field shows a sign of being a code field, and the page's
// offer is asked once and kept (offers.js).
(() => {
  'use strict';

  // Top frame, https only: never offer or fill inside iframes or on plain http.
  if (window.top !== window || location.protocol !== 'https:') return;
  if (globalThis.__tearoffContent) return; // injected twice (extension reload): keep the first
  globalThis.__tearoffContent = true;

  const S = globalThis.TearoffSteps;
  const M = globalThis.TearoffMessaging;
  const DOM = globalThis.TearoffDom;
  const UI = globalThis.TearoffOffer;
  const T = globalThis.TearoffTrack;
  const L = globalThis.TearoffLocate;
  const O = globalThis.TearoffOffers;
  const SW = globalThis.TearoffSwitch;
  const P = globalThis.TearoffProbe;

  // One look at the page at a time; a mutation during a look asks for another, at once
  // when it added an input, after the debounce otherwise.
  let scanning = false;
  let again = null; // null | 'now' | 'later'
  const schedule = globalThis.TearoffSchedule.create(scan).poke;

  async function scan(urgent = false) {
    if (scanning) {
      if (urgent || again !== 'now') again = urgent ? 'now' : 'later';
      return;
    }
    scanning = true;
    const probe = P.begin();
    try {
      await step();
    } catch {
      // A page that confuses us must not break; the next mutation tries again.
    } finally {
      scanning = false;
      P.end(probe);
      const next = again;
      again = null;
      if (next === 'now') scan(true);
      else if (next === 'later') schedule();
    }
  }
  const scanNow = () => scan(true);

  // ---- state
  let sitesPromise = null;
  let current = null; // the offer on screen: {inputs, view, site, kind, action, key, heading, state}
  const declined = new WeakSet(); // inputs whose offer came back empty or was dismissed

  // The catalogue, and (in parallel, once some field looks like a code field) the page's offer.
  function loadSites() {
    O.prefetch();
    sitesPromise ??= M.send('tearoff:sites')
      .then((r) => (Array.isArray(r.sites) ? r.sites : []))
      .catch(() => []);
    return sitesPromise;
  }

  async function step() {
    if (!document.querySelector('input')) {
      dropCurrent();
      if (SW.active()) SW.follow();
      return;
    }
    T.start(trackHooks); // once, when the page first has an input
    if (T.active()) return; // a code is in the field: wait for submit / change / removal
    if (current && currentStillValid()) return;
    dropCurrent();
    const found = await L.findStep(loadSites);
    if (L.sawCandidate()) watch.candidateSeen(); // from now on, attribute changes count too
    if (found?.kind === 'backup') SW.reached();
    if (!found && SW.active()) SW.follow();
    if (!found || found.inputs.some((i) => declined.has(i))) return;
    await offer(found);
  }

  function currentStillValid() {
    const c = current;
    if (!c.view.host.isConnected || !c.inputs.every((i) => DOM.visible(i))) return false;
    if (DOM.headingText(c.inputs[0]) !== c.heading) return false; // X reuses the input across steps
    if (c.state === 'recorded' || (c.state === 'offer' && T.lastConsumed()?.key === c.key)) {
      // The step is still here after our submit: re-offer once it shows an error.
      return !T.rejected(c);
    }
    return true;
  }

  function dropCurrent() {
    if (!current) return;
    UI.remove(current.view);
    current = null;
  }

  // ---- the offer
  async function offer(found) {
    let res;
    try {
      res = await O.get();
    } catch (err) {
      if (err.code === 'locked' && found.site) return show(found, {state: 'info', notice: M.msg('content_locked'), noticeKind: 'error'});
      declined.add(found.inputs[0]);
      return;
    }
    const accounts = Array.isArray(res.accounts) ? res.accounts : [];
    if (!accounts.length) {
      declined.add(found.inputs[0]); // no codes stored for this site: show nothing
      globalThis.TearoffReadiness?.note(); // and list it as a site with 2FA but no codes (readiness.js)
      return;
    }
    if (!found.inputs.every((i) => i.isConnected)) return;
    const siteName = res.site_name || res.domain || '';
    const usable = accounts.filter((a) => a.remaining > 0 || a.uncertain > 0);
    if (!usable.length) {
      return show(found, {state: 'info', notice: M.msg('content_none_left', [siteName]), noticeKind: 'warn', buttons: []});
    }
    const error = T.rejected(found);
    let spent = error ? {notice: M.msg('content_spent'), noticeKind: 'spent', state: 'spent'} : {state: 'offer'};
    if (found.action === 'switch' && !SW.failed()) {
      return show(found, {...spent, buttons: [{kind: 'switch', label: M.msg('offer_switch')}]});
    }
    if (found.action === 'switch' && !error) {
      // The site's backup-code step did not come: offer the fill here, and say so.
      spent = {state: 'offer', noticeKind: 'warn', notice: M.msg('content_switch_failed', [siteName])};
    }
    // One account is trivially the one to use; among several, the one typed earlier.
    const primary = usable.length === 1 ? usable[0].id : S.pickPrimary(usable, await username());
    const buttons = usable
      .map((a) => ({
        kind: 'fill',
        account: a.account,
        accountId: a.id,
        primary: a.id === primary,
        label: a.remaining > 0 ? M.msg('offer_fill', [a.account, String(a.remaining)]) : M.msg('offer_fill_uncertain', [a.account]),
      }))
      .sort((a, b) => Number(b.primary) - Number(a.primary));
    show(found, {...spent, buttons});
  }

  function show(found, spec) {
    if (!current || current.inputs[0] !== found.inputs[0] || !current.view.host.isConnected) {
      dropCurrent();
      const view = UI.mount(DOM.anchorFor(found.inputs), M.uiLanguage());
      current = {...found, view, heading: DOM.headingText(found.inputs[0])};
    }
    const shown = current;
    shown.state = spec.state;
    UI.render(shown.view, {
      brand: M.msg('offer_brand'),
      dismissLabel: M.msg('offer_dismiss'),
      buttons: [],
      ...spec,
      onButton: (b, ev) => onButton(shown, b, ev),
    });
  }

  function onButton(offered, b, ev) {
    // Only a real click or key press by the person; page script .click() is untrusted.
    if (!ev.isTrusted || offered !== current) return;
    if (b.kind === 'dismiss') {
      T.release({clear: true});
      declined.add(offered.inputs[0]);
      dropCurrent();
    } else if (b.kind === 'switch') {
      SW.go(offered.site, () => {
        dropCurrent(); // the next look offers the fill in place
        scanNow();
      });
    } else if (b.kind === 'fill') {
      fill(offered, b);
    }
  }

  let filling = false;
  async function fill(offered, b) {
    if (filling || T.active()) return;
    filling = true;
    try {
      let r;
      O.drop(); // the counts change whatever the answer
      try {
        r = await M.send('tearoff:reserve', {account: b.accountId});
      } catch (err) {
        return show(offered, {state: 'info', noticeKind: 'error', notice: errorNotice(err), buttons: []});
      }
      const done = T.fill(offered.inputs, r, {account: b.account, site: offered.site, key: offered.key});
      if (!done) {
        return show(offered, {state: 'info', noticeKind: 'error', notice: M.msg('content_no_fit'), buttons: []});
      }
      const notice = M.msg('content_filled', [b.account]) + (r.uncertain ? ' ' + M.msg('content_uncertain') : '');
      show(offered, {state: 'filled', notice, noticeKind: r.uncertain ? 'warn' : 'info', buttons: []});
    } finally {
      filling = false;
    }
  }

  function errorNotice(err) {
    if (err.code === 'locked') return M.msg('content_locked');
    if (err.code === 'exhausted') return M.msg('content_none_left', [current?.site?.name || location.hostname]);
    return M.msg('content_error', [err.message || err.code]);
  }

  // ---- username memory, for preselecting the right account later in the flow
  let lastUsername = '';
  function rememberUsername(value) {
    const v = String(value || '').trim();
    if (!v || v.length > 200 || v === lastUsername) return;
    lastUsername = v;
    M.send('tearoff:username', {username: v}).catch(() => {});
  }

  async function username() {
    if (lastUsername) return lastUsername;
    try {
      return (await M.send('tearoff:username')).username || '';
    } catch {
      return '';
    }
  }

  // Hooks TearoffTrack calls back into.
  const trackHooks = {
    username: rememberUsername,
    consumed(f, result, err) {
      O.drop();
      if (!current || current.inputs[0] !== f.inputs[0] || !current.view.host.isConnected) return;
      if (err) return show(current, {state: 'info', noticeKind: 'error', notice: errorNotice(err), buttons: []});
      let notice = M.msg('content_recorded', [String(result?.remaining ?? '?')]);
      if (f.site?.one_at_a_time) notice += ' ' + M.msg('content_one_at_a_time', [f.site.name]);
      show(current, {state: 'recorded', notice, noticeKind: 'info', buttons: []});
    },
    released() {
      O.drop();
      dropCurrent(); // the next scan offers again
      schedule();
    },
  };

  // ---- start
  // A page that never has an <input> gets the observer and nothing else: no event
  // listeners, no timers beyond the debounce, no messages. The submit/username
  // listeners go on with the first input; at once when the page loads with one, since
  // a username typed on a fast single-page step may be gone before the first scan.
  const watch = globalThis.TearoffWatch.start({now: scanNow, later: schedule, extraAttributes: [P.ASK]});
  if (document.querySelector('input')) {
    T.start(trackHooks);
    scanNow();
  }
})();
