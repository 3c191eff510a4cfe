// TearoffLocate: which field on this page, if any, is the verification step, and what
// the offer should do there. It joins the page (dom.js), the scoring (detect.js) and
// the host's catalogue (steps.js); fill.js decides what to show.
(() => {
  'use strict';

  const need = globalThis.TearoffNeed;
  const D = need('TearoffDetect');
  const S = need('TearoffSteps');
  const DOM = need('TearoffDom');
  const N = need('TearoffNear');
  const W = need('TearoffWording');
  const TXT = need('TearoffText');
  const M = need('TearoffMessaging');
  const O = need('TearoffOffers');
  const G = need('TearoffGate');

  // stepKey identifies "this step of this site": a rejected code comes back to the same key.
  const stepKey = (site, kind) => `${site?.id || ''}|${kind}|${location.pathname}`;

  function made(inputs, kind, site) {
    return {inputs, kind, site, action: S.action(site, kind), key: stepKey(site, kind)};
  }

  // The first visible, enabled input matching one of the catalogue's selectors.
  function firstVisible(selectors) {
    for (const sel of selectors || []) {
      let els;
      try {
        els = document.querySelectorAll(sel);
      } catch {
        continue; // a selector this browser cannot parse
      }
      for (const el of els) if (el instanceof HTMLInputElement && DOM.visible(el) && !el.disabled) return el;
    }
    return null;
  }

  // Scores a field in two passes: its own attributes and words first (cheap), then,
  // only when those show a sign, again with its surroundings (near.js), which is where
  // captchas, honeypots, card and phone fields give themselves away.
  function score(el, extra) {
    const f = DOM.describe(el, extra);
    const first = D.scoreField(f);
    if (first.score <= 0 && !first.reasons.length) return first;
    if (first.veto) return first;
    return D.scoreField({...f, near: N.of(el)});
  }

  // Every text input, scored; segmented boxes are scored once, as a group.
  function candidates(inputs) {
    const cands = [];
    const boxed = new Set();
    for (const group of DOM.segmentGroups(inputs)) {
      group.forEach((i) => boxed.add(i));
      cands.push({inputs: group, sc: score(group[0], {segmented: true, soleInput: true})});
    }
    for (const el of inputs) if (!boxed.has(el)) cands.push({inputs: [el], sc: score(el)});
    return cands;
  }

  // The step's own words may say the backup code goes right here ("…or enter one of
  // your backup codes"): then it is a backup step, whatever the catalogue expects.
  function byWording(step) {
    if (!step || step.kind !== 'otp') return step;
    const words = TXT.visibleText(N.step(step.inputs[0]), {max: 1500, skipControls: true});
    return W.acceptsBackup(words) ? made(step.inputs, 'backup', step.site) : step;
  }

  // The catalogue, asked once per page; with it (in parallel) the page's offer, which the
  // offer needs next. Called only once some field looks like a code field.
  let sitesPromise = null;
  function sites() {
    O.prefetch();
    sitesPromise ??= M.send('tearoff:sites')
      .then((r) => (Array.isArray(r.sites) ? r.sites : []))
      .catch(() => []);
    return sitesPromise;
  }

  let sawCandidate = false; // did the last findStep meet an input its attributes do not rule out?
  let examined = []; // the text inputs the last findStep met


  // stillRuledOut() -> true when every field the last findStep met, still in the page, is
  // still ruled out by its own attributes. After a findStep that saw no candidate, that
  // and no new field (watch.js reports those) means another would find nothing: the
  // cost of those few fields instead of a walk of the page.
  function stillRuledOut() {
    return !sawCandidate && examined.every((el) => !el.isConnected || G.ruledOut(el));
  }

  // alsoRuledOut(field) -> true, counting it among those fields, when a new field is
  // ruled out by its own attributes too.
  function alsoRuledOut(field) {
    if (!G.ruledOut(field)) return false;
    if (!examined.includes(field)) examined.push(field);
    return true;
  }

  // findStep(loadSites) -> {inputs, kind, site, action, key} | null. loadSites() resolves
  // to the catalogue (by default the background's, above); it is called only once some
  // field shows a sign of being a code field, so an ordinary page never causes a
  // message to the background.
  async function findStep(loadSites = sites) {
    sawCandidate = false;
    examined = [];
    const inputs = DOM.textInputs((el) => {
      examined.push(el);
      // Fields their own attributes rule out are dropped before any visibility check.
      const kept = !G.ruledOut(el);
      sawCandidate ||= kept; // hidden ones count: they are what attribute changes may show
      return kept;
    });
    if (!inputs.length) return null;
    const cands = candidates(inputs);
    if (!cands.some((c) => c.sc.score > 0)) return null;

    const site = S.matchSite(await loadSites(), location.hostname);
    const scoreOf = (el) => (cands.find((c) => c.inputs.includes(el)) || {sc: score(el)}).sc;
    if (site) {
      // The catalogue's own steps first: X's bare input name="text" is known by its heading only.
      const hits = [];
      for (const st of S.stepsFor(site, location)) {
        const el = firstVisible(st.fields);
        if (el && !scoreOf(el).veto) hits.push({st, el});
      }
      const kindOf = (el) => S.headingKind(site, DOM.headingText(el));
      const hit =
        hits.find((h) => kindOf(h.el) === h.st.kind) ||
        hits.find((h) => scoreOf(h.el).score >= D.THRESHOLD && hits.filter((o) => o.el === h.el).length === 1);
      if (hit) {
        const group = cands.find((c) => c.inputs.includes(hit.el));
        return byWording(made(group ? group.inputs : [hit.el], hit.st.kind, site));
      }
    }
    const best = cands.filter((c) => c.sc.score >= D.THRESHOLD).sort((a, b) => b.sc.score - a.sc.score)[0];
    if (!best) return null;
    // On a catalogue site off its known steps, only offer where a backup code is taken.
    if (site && best.sc.kind === 'otp' && site.backup_step === 'separate') return null;
    return byWording(made(best.inputs, best.sc.kind, site));
  }

  globalThis.TearoffLocate = Object.freeze({findStep, stillRuledOut, alsoRuledOut, sawCandidate: () => sawCandidate});
})();
