// Kinds of look-alike fields (detect.js with near.js's facts, see lookalike.js). The
// descriptors are written from the KINDS of fields real pages show, not copied from any.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {loadContent} from './helpers.mjs';

loadContent('veto.js', 'lookalike.js', 'detect.js');
const D = globalThis.TearoffDetect;
const L = globalThis.TearoffLookalike;

// A quiet surrounding: nothing that gives a look-alike away, and a step that speaks of 2FA.
const calm = (over = {}) => ({hidden: false, prefilled: false, image: false, controls: '', boxText: '', others: [], stepText: 'Two-factor authentication. Enter the code from your authenticator app.', ...over});

const lookalikes = [
  {kind: 'captcha', why: 'image next to a "verify" field', f: {type: 'text', name: 'verify', near: calm({image: true})}},
  {kind: 'captcha', why: 'canvas puzzle next to an auth code field', f: {type: 'text', name: 'authcode', label: 'Verification code', near: calm({image: true})}},
  {kind: 'captcha', why: '"refresh" link beside the field', f: {type: 'text', name: 'verifyCode', near: calm({controls: 'Refresh image'})}},
  {kind: 'captcha', why: 'Chinese "can\'t read it, another one" link', f: {type: 'text', name: 'vcode', near: calm({controls: '看不清换一张'})}},
  {kind: 'captcha', why: '"type the characters you see"', f: {type: 'text', name: 'verify_word', placeholder: 'Type the characters you see', near: calm()}},
  {kind: 'anti-bot', why: 'captcha in the name even with a 2FA-ish label', f: {type: 'text', name: 'captcha_response', label: 'Security code', near: calm()}},
  {kind: 'anti-bot', why: 'a human-check question', f: {type: 'text', name: 'humanverify', label: 'What is 3 + 4?', near: calm()}},
  {kind: 'anti-bot', why: '"leave this field blank" beside the field', f: {type: 'text', name: 'frm_verify', near: calm({boxText: 'If you are human, leave this field blank.'})}},
  {kind: 'long-form', why: 'a comment form (free-text box) with a "verification" field', f: {type: 'text', name: 'verification', label: 'Verification code', near: calm({others: [{attrs: 'comment', tag: 'textarea', shown: true, text: 'Comment'}]})}},
  {kind: 'long-form', why: 'a sign-up form asking for much more than a code', f: {type: 'text', name: 'email_otp', label: 'Enter 6 digit code', near: calm({others: ['name', 'email', 'phone', 'city', 'password', 'password2'].map((a) => ({attrs: a, tag: 'input', shown: true, text: a}))})}},
  {kind: 'honeypot', why: 'off-screen or zero-size field', f: {type: 'text', name: 'frm_verify', near: calm({hidden: true})}},
  {kind: 'prefilled', why: 'anti-spam token the page fills itself', f: {type: 'text', name: 'sno-verification', near: calm({prefilled: true})}},
  {kind: 'phone', why: 'type=tel with a phone placeholder', f: {type: 'tel', id: 'input-sns-verification', placeholder: 'Your phone number', near: calm()}},
  {kind: 'phone', why: 'mobile field beside "we\'ll send you a verification code"', f: {type: 'text', name: 'mobile_verify', near: calm({stepText: "We'll send you a verification code"})}},
  {kind: 'phone', why: 'Japanese phone-number label', f: {type: 'tel', name: 'auth', label: '携帯電話番号', near: calm()}},
  {kind: 'card', why: 'security code in a form with card number and expiry', f: {type: 'tel', name: 'securityCode', label: 'Security code', near: calm({others: [{attrs: 'card number', autocomplete: 'off', text: 'Card number'}, {attrs: 'card exp', autocomplete: '', text: 'Expiration date'}]})}},
  {kind: 'card', why: 'cc-* autocomplete on a neighbour', f: {type: 'text', name: 'verification_value', near: calm({others: [{attrs: 'n1', autocomplete: 'cc-number', text: ''}]})}},
  {kind: 'card', why: 'Japanese card form: セキュリティコード next to カード番号', f: {type: 'text', name: 'sc', label: 'セキュリティコード', near: calm({others: [{attrs: 'no', autocomplete: '', text: 'カード番号'}]})}},
  {kind: 'card', why: 'a saved card\'s "Security code" alone, with the card named on the step', f: {type: 'tel', name: 'securityCode', label: 'Security code', near: calm({stepText: 'Pay with Visa ending in 4242. Enter the security code on the back of your card.'})}},
  {kind: 'card', why: 'セキュリティコード with クレジットカード on the step', f: {type: 'tel', name: 'sc', label: 'セキュリティコード', near: calm({stepText: '登録済みのクレジットカード(末尾 4242)のセキュリティコードを入力してください'})}},
  {kind: 'gift', why: 'gift certificate PIN', f: {type: 'password', name: 'pin', label: 'PIN', near: calm({others: [{attrs: 'gift cert code', autocomplete: '', text: 'Gift certificate'}]})}},
  {kind: 'gift', why: 'loyalty card PIN', f: {type: 'password', name: 'card pin', near: calm({others: [{attrs: 'loyalty card number', autocomplete: '', text: ''}]})}},
];

for (const c of lookalikes) {
  test(`look-alike (${c.kind}): ${c.why}`, () => {
    assert.equal(L.kind(c.f), c.kind);
    const r = D.scoreField(c.f);
    assert.equal(r.veto, true, JSON.stringify(r));
    assert.ok(r.score < D.THRESHOLD);
  });
}

const steps = [
  {why: 'authenticator code beside username and password', f: {type: 'text', name: 'googleotp', label: 'Google Authenticator code', near: calm({others: [{attrs: 'log', autocomplete: '', text: 'Username', tag: 'input', shown: true}, {attrs: 'pwd', autocomplete: '', text: 'Password', tag: 'input', shown: true}]})}},
  {why: '"Security code" on a step that speaks of an authenticator, not a card', f: {type: 'text', name: 'securityCode', label: 'Security code', near: calm({stepText: 'Enter the security code from your authenticator app.'})}},
  {why: 'many fields in the form, but hidden ones do not count', f: {type: 'text', name: 'otp', label: 'Two-factor code', near: calm({others: Array.from({length: 9}, (_, i) => ({attrs: `f${i}`, tag: 'input', shown: false, text: ''}))})}},
  {why: 'code sent by SMS: the phone is where the code went', f: {type: 'tel', name: 'otp', label: 'Enter the code we sent to your phone', autocomplete: 'one-time-code', near: calm()}},
  {why: 'recovery code with an app logo elsewhere in the form', f: {type: 'text', name: 'recovery_code', label: 'Recovery code', near: calm({boxText: 'Recovery code'})}},
  {why: '"verify" name, but the step speaks of two-factor authentication', f: {type: 'text', name: 'verify', near: calm()}},
];

for (const c of steps) {
  test(`verification step kept: ${c.why}`, () => {
    assert.equal(L.kind(c.f), null);
    const r = D.scoreField(c.f);
    assert.ok(r.score >= D.THRESHOLD, JSON.stringify(r));
  });
}

test('a name that only hints ("verify", "authcode") needs 2FA words around it', () => {
  for (const name of ['verify', 'authcode', 'verifyCode']) {
    const quiet = D.scoreField({type: 'text', name, near: calm({stepText: 'Create your account. Name, e-mail, password.'})});
    assert.equal(quiet.veto, true, `${name}: ${quiet.reasons}`);
    assert.ok(quiet.reasons.includes('veto:no-2fa-context'));
    const spoken = D.scoreField({type: 'text', name, near: calm({stepText: '2段階認証: 認証アプリに表示された確認コードを入力してください'})});
    assert.ok(spoken.score >= D.THRESHOLD, `${name}: ${spoken.reasons}`);
  }
});

test('the field\'s own words are context enough', () => {
  const r = D.scoreField({type: 'text', name: 'code', label: 'Two-factor code', near: calm({stepText: ''})});
  assert.ok(r.score >= D.THRESHOLD, r.reasons.join());
});

test('without surroundings (the cheap first pass) no look-alike rule fires', () => {
  assert.equal(L.kind({type: 'text', name: 'verify'}), null);
  assert.ok(D.hasSignal({type: 'text', name: 'verify'}));
});
