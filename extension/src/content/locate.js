// TearoffLocate: which field on this page, if any, is the verification step, and what
// the offer should do there. It joins the page (dom.js), the scoring (detect.js) and
// the host's catalogue (steps.js); content.js decides what to show.
(() => {
  'use strict';

  const D = globalThis.TearoffDetect;
  const S = globalThis.TearoffSteps;
  const DOM = globalThis.TearoffDom;

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

  // Every text input, scored; segmented boxes are scored once, as a group.
  function candidates(inputs) {
    const cands = [];
    const boxed = new Set();
    for (const group of DOM.segmentGroups(inputs)) {
      group.forEach((i) => boxed.add(i));
      cands.push({inputs: group, sc: D.scoreField(DOM.describe(group[0], {segmented: true, soleInput: true}))});
    }
    for (const el of inputs) if (!boxed.has(el)) cands.push({inputs: [el], sc: D.scoreField(DOM.describe(el))});
    return cands;
  }

  // findStep(loadSites) -> {inputs, kind, site, action, key} | null. loadSites() resolves
  // to the catalogue; it is called only once some field shows a sign of being a code
  // field, so an ordinary page never causes a message to the background.
  async function findStep(loadSites) {
    const inputs = DOM.textInputs();
    if (!inputs.length) return null;
    const cands = candidates(inputs);
    if (!cands.some((c) => c.sc.score > 0)) return null;

    const site = S.matchSite(await loadSites(), location.hostname);
    const scoreOf = (el) => (cands.find((c) => c.inputs.includes(el)) || {sc: D.scoreField(DOM.describe(el))}).sc;
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
        return made(group ? group.inputs : [hit.el], hit.st.kind, site);
      }
    }
    const best = cands.filter((c) => c.sc.score >= D.THRESHOLD).sort((a, b) => b.sc.score - a.sc.score)[0];
    if (!best) return null;
    // On a catalogue site off its known steps, only offer where a backup code is taken.
    if (site && best.sc.kind === 'otp' && site.backup_step === 'separate') return null;
    return made(best.inputs, best.sc.kind, site);
  }

  globalThis.TearoffLocate = Object.freeze({findStep});
})();
