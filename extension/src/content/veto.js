// TearoffVeto: what a field's own attributes say it is not (a search box, an e-mail or
// card field, a coupon...), before anything around it is read. Pure: it works on the
// descriptor fields.js builds (describeOwn). It is on every page (manifest.json), for
// gate.js; detect.js starts its scoring with it.
(() => {
  'use strict';

  // Inputs that can hold a typed code. Everything else (email, search, checkbox, hidden...)
  // is out. The one rule for "a text field": fields.js and watch.js take it from here.
  const TEXTLIKE = new Set(['', 'text', 'tel', 'number', 'password']);

  // autocomplete tokens that say "this is something else" (WHATWG autofill names).
  const OTHER_AUTOCOMPLETE = /^(username|email|current-password|new-password|name|given-name|family-name|nickname|organization|street-address|address-line\d|address-level\d|country|country-name|postal-code|tel|tel-.*|cc-.*|bday.*|sex|url|photo|transaction-.*|language|webauthn)$/;

  // KeePassXC's ignore regex, verbatim.
  const KEEPASSXC_IGNORE = /(bank|coupon|postal|user|zip).*code|(en|de)code|comment|author|error/;
  // Fields that are never a login code, whatever else they say.
  const VETO_ATTR = /coupon|promo|voucher|gift|discount|zip|postal|postcode|captcha|search|query|card|cvc|cvv|csc|redeem|referr?al|invite|tracking|sku|product/;
  // The same, in the words the field shows (its label, aria-label and placeholder).
  const TEXT_VETO = /coupon|promo|voucher|gift|discount|zip|postal|post ?code|captcha|credit|card number|cvv|cvc|referral|invite|郵便番号|クーポン|プロモーション|ギフト|カード|割引|招待|検索/i;

  // "backupCodePin" -> "backup code pin"; "user[otp_attempt]" -> "user[otp_attempt]".
  function attrText(f) {
    return [f.name, f.id]
      .filter(Boolean)
      .map((s) => String(s).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())
      .join(' ');
  }

  function squash(s) {
    return String(s || '').replace(/\s+/g, ' ').trim();
  }

  // ownVeto(f) -> why the field's own attributes rule it out ('search', 'type',
  // 'autocomplete', 'ignore', 'attr', 'text'), or null.
  // f: {type, name, id, autocomplete, placeholder, label, aria, search}
  function ownVeto(f) {
    const type = String(f.type || '').toLowerCase();
    if (type === 'search' || f.search) return 'search';
    if (!TEXTLIKE.has(type)) return 'type';
    const ac = String(f.autocomplete || '').toLowerCase().split(/\s+/).filter(Boolean);
    if (!ac.includes('one-time-code') && ac.some((t) => OTHER_AUTOCOMPLETE.test(t))) return 'autocomplete';
    const attrs = attrText(f);
    if (KEEPASSXC_IGNORE.test(attrs)) return 'ignore';
    if (VETO_ATTR.test(attrs)) return 'attr';
    if (TEXT_VETO.test(squash([f.label, f.aria, f.placeholder].filter(Boolean).join(' ')))) return 'text';
    return null;
  }

  globalThis.TearoffVeto = Object.freeze({TEXTLIKE, ownVeto, attrText, squash});
})();
