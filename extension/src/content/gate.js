// TearoffGate: does this page have a field for the finder? The finder is the larger
// part of the content script (finding the step, the offer, the fill, the submit); the
// background injects it only once a page has such a field (boot.js,
// background/finder.js). The gate itself asks only what a field says of itself
// (fields.js) and whether that rules it out (veto.js), so every page loads little. A
// feed, a search page or a comment form never has such a field, so it never compiles or
// runs the finder's code.
(() => {
  'use strict';

  const need = globalThis.TearoffNeed;
  const V = need('TearoffVeto');
  const F = need('TearoffFields');
  const MAX_JUDGED = 200; // inputs judged per look, as dom.js's textInputs() bounds its walk

  // Fields their own attributes rule out (search boxes, coupons, e-mail...): what
  // detect.js vetoes before it looks around the field. The attributes first, since
  // the labels may cost a search of the document.
  const ruledOut = (el) => Boolean(V.ownVeto(F.describeOwn(el, {bare: true})) || V.ownVeto(F.describeOwn(el)));

  // wants(el) -> true for a field the finder has work with: an editable text input that
  // its own attributes do not rule out (a candidate, shown or not: a class flip may
  // show it), or a login form's username field (track.js remembers what is typed there).
  function wants(el) {
    if (F.isUsernameField(el)) return true;
    return F.isTextInput(el) && !el.disabled && !el.readOnly && !ruledOut(el);
  }

  // fieldWants(field) -> true when the finder wants the field, or another input of its
  // form: a login form's username field becomes one when the form gets a password field.
  function fieldWants(field) {
    return wants(field) || Array.prototype.some.call(field.form?.elements ?? [], (el) => el !== field && wants(el));
  }

  // pageWants() -> true when some input of the page is one the finder wants.
  function pageWants() {
    let judged = 0;
    for (const el of F.pageInputs()) {
      if (wants(el)) return true;
      if (++judged >= MAX_JUDGED) break;
    }
    return false;
  }

  globalThis.TearoffGate = Object.freeze({ruledOut, wants, fieldWants, pageWants});
})();
