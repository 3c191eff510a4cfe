// TearoffDetect: pure scoring of "is this input a verification / backup code field?".
//
// It works on plain objects that describe one field and its surroundings (built by
// dom.js from the real DOM, or by hand in the unit tests), so it can be tested under
// node without a DOM. Classic script: content scripts cannot be ES modules, so this
// file defines one namespace object on globalThis and nothing else.
(() => {
  'use strict';

  const need = globalThis.TearoffNeed;
  const V = need('TearoffVeto');

  // name/id words. Chromium's kOneTimePwdRe and KeePassXC's acceptedOTPFields, widened.
  const OTP_ATTR = /one.?time|otp|totp|2fa|twofa|two.?factor|2fpin|mfa|tfa|2sv|second.?factor|verification|verify|passcode|auth.?code|security.?code|sms.?code|challenge/;
  // KeePassXC also takes these bare words; alone they are weak ("code" is everywhere).
  const WEAK_ATTR = /code|token|auth|pin/;
  // Bitwarden's RecoveryCodeFieldNames: a negative there, the thing we look for here.
  const BACKUP_ATTR = /backup|recovery|recover|rescue|scratch/;
  // Contact fields: can coexist with verification words ("phone verification"), so only a penalty.
  const SOFT_NEG_ATTR = /e.?mail|phone|mobile|address|first.?name|last.?name|full.?name|nick/;

  const TEXT_OTP_EN = /(verification|security|authentication|confirmation|login|log[- ]in|sign[- ]?in|one[- ]?time|2fa|mfa)\s*(code|pin|password|passcode)|\b(otp|2fa|mfa|totp|passcode)\b|two[- ]?(factor|step)|2[- ]?(step|factor)|authenticator|\d[- ]digit code/i;
  const TEXT_OTP_JA = /認証コード|確認コード|ワンタイムパスワード|ワンタイムコード|二段階認証|2段階認証|２段階認証|2 段階認証|二要素認証|2要素認証|セキュリティコード|認証番号|確認番号|検証コード/;
  const TEXT_BACKUP = /(backup|recovery|rescue|scratch)[- ]?(code|key)|バックアップ\s?コード|リカバリー?コード|復旧コード|回復コード|予備コード/i;

  const THRESHOLD = 4;

  // Does the step around the field speak of a sign-in code at all? A field that says
  // nothing itself (only its name/id hint at "verify" or "auth code") needs this.
  const saysTwoFactor = (t) => TEXT_OTP_EN.test(t) || TEXT_OTP_JA.test(t) || TEXT_BACKUP.test(t);

  // scoreField(f) -> {score, kind: 'backup'|'otp'|null, veto, reasons}
  // f: {type, name, id, autocomplete, inputmode, placeholder, label, aria, heading,
  //     maxLength, search, soleInput, segmented, near}
  // near (near.js; absent in the cheap first pass) adds the look-alike rules and the
  // "no 2FA context" rule, which need the field's surroundings.
  function scoreField(f) {
    const out = {score: 0, kind: null, veto: false, reasons: []};
    const veto = (why) => {
      out.veto = true;
      out.score = 0;
      out.kind = null;
      out.reasons.push('veto:' + why);
      return out;
    };
    const ruledOut = V.ownVeto(f);
    if (ruledOut) return veto(ruledOut);
    const type = String(f.type || '').toLowerCase();
    const oneTime = String(f.autocomplete || '').toLowerCase().split(/\s+/).includes('one-time-code');
    const attrs = V.attrText(f);
    const own = V.squash([f.label, f.aria, f.placeholder].filter(Boolean).join(' '));
    // The look-alike rules need the field's surroundings (near), which only the finder
    // reads; lookalike.js is the finder's (background/finder.js), so it is taken here.
    const look = f.near ? need('TearoffLookalike').kind(f) : null;
    if (look) return veto(look);

    let backup = false;
    const add = (n, why) => {
      out.score += n;
      out.reasons.push(why);
    };
    if (oneTime) add(6, 'autocomplete');
    if (BACKUP_ATTR.test(attrs)) {
      add(4, 'attr-backup');
      backup = true;
    } else if (OTP_ATTR.test(attrs)) add(4, 'attr-otp');
    else if (WEAK_ATTR.test(attrs)) add(2, 'attr-weak');

    if (TEXT_BACKUP.test(own)) {
      add(4, 'text-backup');
      backup = true;
    } else if (TEXT_OTP_EN.test(own) || TEXT_OTP_JA.test(own)) add(3, 'text-otp');

    const heading = V.squash(f.heading);
    if (TEXT_BACKUP.test(heading)) {
      add(3, 'heading-backup');
      backup = true;
    } else if (TEXT_OTP_EN.test(heading) || TEXT_OTP_JA.test(heading)) add(2, 'heading-otp');

    if (f.segmented) add(3, 'segmented');
    const positive = out.score > 0;
    if (positive && f.soleInput) add(1, 'sole');
    if (positive && /numeric|decimal/.test(String(f.inputmode || ''))) add(1, 'numeric');
    if (type === 'password' && !oneTime) add(-2, 'password');
    if (SOFT_NEG_ATTR.test(attrs)) add(-3, 'contact');

    // Only the name/id hint at a code ("verify", "authcode"): a captcha or a spam check
    // as often as a 2FA step. Without any words of 2FA around it, it is not ours.
    const said = out.reasons.some((r) => /^(autocomplete|text-|heading-|segmented)/.test(r));
    if (f.near && out.score > 0 && !said && !saysTwoFactor(`${heading} ${f.near.stepText || ''}`)) return veto('no-2fa-context');
    if (out.score > 0) out.kind = backup ? 'backup' : 'otp';
    return out;
  }

  // True when the field shows any positive sign at all: the gate for talking to the
  // background. A field with none of these never causes a message.
  function hasSignal(f) {
    return scoreField(f).score > 0;
  }

  // segmentRuns(items) -> [[start, end], ...] (inclusive indexes)
  // items: text-like inputs in document order, each {maxLength, parent, grand}
  // (parent/grand: any identity of the parent and grandparent element). A run is 4..8
  // consecutive maxLength=1 boxes that share a parent or a grandparent: the "six boxes"
  // OTP widget, where each box often sits in its own wrapper.
  function segmentRuns(items) {
    const runs = [];
    let start = -1;
    const close = (end) => {
      const n = end - start + 1;
      if (start >= 0 && n >= 4 && n <= 8) runs.push([start, end]);
      start = -1;
    };
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      const box = Number(it.maxLength) === 1;
      if (!box) {
        close(i - 1);
        continue;
      }
      if (start < 0) {
        start = i;
        continue;
      }
      const prev = items[i - 1];
      const linked = (prev.parent != null && prev.parent === it.parent) || (prev.grand != null && prev.grand === it.grand);
      if (!linked) {
        close(i - 1);
        start = i;
      }
    }
    close(items.length - 1);
    return runs;
  }

  // Split a code over boxes. Returns null when it does not fit exactly: filling half a
  // backup code would burn it for nothing.
  function splitForBoxes(code, boxes) {
    const chars = Array.from(String(code).replace(/[\s-]/g, ''));
    if (chars.length !== boxes) return null;
    return chars;
  }

  // Compare a field's value with what we filled, ignoring the formatting a site may add
  // (spaces, dashes, case).
  function sameCode(a, b) {
    const n = (s) => String(s || '').replace(/[\s-]/g, '').toLowerCase();
    return n(a) !== '' && n(a) === n(b);
  }

  globalThis.TearoffDetect = Object.freeze({
    THRESHOLD,
    scoreField,
    hasSignal,
    segmentRuns,
    splitForBoxes,
    sameCode,
  });
})();
