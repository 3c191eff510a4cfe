// TearoffGate: does this page have a field for the finder? The finder is the larger
// part of the content script (finding the step, the offer, the fill, the submit), and
// the background injects it only once a page has such a field (boot.js,
// background/finder.js). A feed, a search page or a comment form never has one, so it
// never compiles or runs the finder's code.
(() => {
  'use strict';

  const need = globalThis.TearoffNeed;
  const D = need('TearoffDetect');
  const DOM = need('TearoffDom');
  const MAX_JUDGED = 200; // inputs judged per look, as dom.js's textInputs() bounds its walk

  // Fields their own attributes rule out (search boxes, coupons, e-mail...): what
  // detect.js vetoes before it looks around the field.
  const ruledOut = (el) => D.scoreField(DOM.describeOwn(el, {bare: true})).veto || D.scoreField(DOM.describeOwn(el)).veto;

  // wants(el) -> true for a field the finder has work with: an editable text input that
  // its own attributes do not rule out (a candidate, shown or not: a class flip may
  // show it), or a login form's username field (track.js remembers what is typed there).
  function wants(el) {
    if (DOM.isUsernameField(el)) return true;
    return DOM.isTextInput(el) && !el.disabled && !el.readOnly && !ruledOut(el);
  }

  // fieldWants(field) -> true when the finder wants the field, or another input of its
  // form: a login form's username field becomes one when the form gets a password field.
  function fieldWants(field) {
    return wants(field) || Array.prototype.some.call(field.form?.elements ?? [], (el) => el !== field && wants(el));
  }

  // pageWants() -> true when some input of the page is one the finder wants.
  function pageWants() {
    let judged = 0;
    for (const el of DOM.pageInputs()) {
      if (wants(el)) return true;
      if (++judged >= MAX_JUDGED) break;
    }
    return false;
  }

  globalThis.TearoffGate = Object.freeze({ruledOut, wants, fieldWants, pageWants});
})();
