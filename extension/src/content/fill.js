// TearoffFill: the offer on screen for the step locate.js found, the fill on a trusted
// click, and what the offer says as the filled code is recorded (track.js) or comes
// back. One offer at a time; the inputs whose offer came back empty or was dismissed
// are not offered again on this page.
(() => {
  'use strict';

  const need = globalThis.TearoffNeed;
  const S = need('TearoffSteps');
  const M = need('TearoffMessaging');
  const DOM = need('TearoffDom');
  const UI = need('TearoffOffer');
  const T = need('TearoffTrack');
  const O = need('TearoffOffers');
  const SW = need('TearoffSwitch');
  const U = need('TearoffUsername');
  const R = need('TearoffReadiness');

  // A one-code-at-a-time site (X) issued a new code when the last was used: say where
  // it is shown (catalogue new_code, by UI language) rather than "get new ones".
  function noneLeft(site, siteName) {
    const where = site?.one_at_a_time ? site.new_code?.[M.uiLanguage().split('-')[0]] ?? site.new_code?.en : '';
    return where ? M.msg('content_new_code', [siteName, where]) : M.msg('content_none_left', [siteName]);
  }

  // create({now, later}) -> the offer's controller. now()/later(): ask for a look at
  // the page at once / after the debounce (scan.js).
  function create({now, later}) {
    let current = null; // the offer on screen: {inputs, view, site, kind, action, key, heading, state}
    const declined = new WeakSet();
    let filling = false;

    // Is the offer on screen still right for the page as it is now?
    function stillValid() {
      const c = current;
      if (!c) return false;
      if (!c.view.host.isConnected || !c.inputs.every((i) => DOM.visible(i))) return false;
      if (DOM.headingText(c.inputs[0]) !== c.heading) return false; // X reuses the input across steps
      if (c.state === 'recorded' || (c.state === 'offer' && T.lastConsumed()?.key === c.key)) {
        // The step is still here after our submit: re-offer once it shows an error.
        return !T.rejected(c);
      }
      return true;
    }

    function drop() {
      if (!current) return;
      UI.remove(current.view);
      current = null;
    }

    // offer(found): ask the host (once per page, offers.js) and show what it has.
    async function offer(found) {
      if (found.inputs.some((i) => declined.has(i))) return;
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
        R.note(); // and list it as a site with 2FA but no codes (readiness.js)
        return;
      }
      if (!found.inputs.every((i) => i.isConnected)) return;
      const siteName = res.site_name || res.domain || '';
      const usable = accounts.filter((a) => a.remaining > 0 || a.uncertain > 0);
      if (!usable.length) {
        return show(found, {state: 'info', notice: noneLeft(found.site, siteName), noticeKind: 'warn', buttons: []});
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
      const primary = usable.length === 1 ? usable[0].id : S.pickPrimary(usable, await U.get());
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
        drop();
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
        drop();
      } else if (b.kind === 'switch') {
        SW.go(offered.site, () => {
          drop(); // the next look offers the fill in place
          now();
        });
      } else if (b.kind === 'fill') {
        fill(offered, b);
      }
    }

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

    // The hooks track.js calls back into as a filled code is recorded or comes back.
    const trackHooks = {
      username: U.remember,
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
        drop(); // the next look offers again
        later();
      },
    };

    return {offer, stillValid, drop, trackHooks};
  }

  globalThis.TearoffFill = Object.freeze({create});
})();
