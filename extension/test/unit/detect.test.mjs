import {test} from 'node:test';
import assert from 'node:assert/strict';
import {loadContent} from './helpers.mjs';

loadContent('veto.js', 'lookalike.js', 'detect.js');
const D = globalThis.TearoffDetect;

// Descriptors as dom.js builds them, modelled on the real pages (design.md §7).
const positives = [
  {name: 'GitHub recovery step', kind: 'backup', f: {type: 'text', name: 'recovery_code', id: 'recovery_code', autocomplete: 'off', placeholder: 'XXXXX-XXXXX', label: 'Recovery code', heading: 'Two-factor recovery'}},
  {name: 'GitHub app step', kind: 'otp', f: {type: 'text', name: 'app_otp', id: 'app_totp', autocomplete: 'one-time-code', inputmode: 'numeric', label: 'Authentication code', heading: 'Two-factor authentication'}},
  {name: 'Google backup challenge', kind: 'backup', f: {type: 'tel', name: 'backupCodePin', id: 'backupCodePin', aria: 'Enter a backup code', heading: '2-Step Verification'}},
  {name: 'GitLab OTP', kind: 'otp', f: {type: 'text', name: 'user[otp_attempt]', id: 'user_otp_attempt', autocomplete: 'off', label: 'Enter verification code', heading: 'Two-factor authentication'}},
  {name: 'autocomplete one-time-code alone', kind: 'otp', f: {type: 'text', name: 'x1', autocomplete: 'one-time-code'}},
  {name: 'aria-label only', kind: 'otp', f: {type: 'text', name: 'code', aria: 'Verification code'}},
  {name: 'six-digit wording', kind: 'otp', f: {type: 'tel', name: 'code', placeholder: 'Enter the 6-digit code'}},
  {name: 'Japanese 確認コード label', kind: 'otp', f: {type: 'text', name: 'code', id: 'code', label: '確認コード'}},
  {name: 'Japanese 認証コード placeholder', kind: 'otp', f: {type: 'tel', name: 'pin', placeholder: '認証コードを入力'}},
  {name: 'Japanese ワンタイムパスワード', kind: 'otp', f: {type: 'text', name: 'token', label: 'ワンタイムパスワード'}},
  {name: 'Japanese 2段階認証 heading + mfa name', kind: 'otp', f: {type: 'text', name: 'mfa', heading: '2段階認証'}},
  {name: 'Japanese バックアップコード', kind: 'backup', f: {type: 'text', name: 'bc', label: 'バックアップコード'}},
  {name: 'Japanese リカバリーコード', kind: 'backup', f: {type: 'text', name: 'rc', label: 'リカバリーコードを入力'}},
  {name: 'Japanese 復旧コード', kind: 'backup', f: {type: 'text', name: 'c', placeholder: '復旧コード'}},
  {name: 'Bitwarden-style recovery name', kind: 'backup', f: {type: 'text', name: 'recoveryCode', label: 'Recovery code'}},
  {name: 'KeePassXC word 2fa', kind: 'otp', f: {type: 'text', name: 'twofa_code', label: 'Code'}},
  {name: 'segmented boxes', kind: 'otp', f: {type: 'text', name: 'digit-1', maxLength: 1, inputmode: 'numeric', segmented: true, heading: 'Enter the code we sent'}},
];

for (const c of positives) {
  test(`positive: ${c.name}`, () => {
    const r = D.scoreField(c.f);
    assert.ok(r.score >= D.THRESHOLD, `score ${r.score} (${r.reasons}) below ${D.THRESHOLD}`);
    assert.equal(r.kind, c.kind);
    assert.equal(r.veto, false);
  });
}

const negatives = [
  {name: 'coupon code', f: {type: 'text', name: 'coupon_code', label: 'Coupon code'}},
  {name: 'promo code with code label', f: {type: 'text', name: 'promo', label: 'Enter code'}},
  {name: 'voucher', f: {type: 'text', name: 'voucher', label: 'Verification code'}},
  {name: 'gift card', f: {type: 'text', name: 'gift_code'}},
  {name: 'zip', f: {type: 'text', name: 'zip', label: 'ZIP code', autocomplete: 'postal-code'}},
  {name: 'postal code by name only', f: {type: 'text', name: 'postal_code'}},
  {name: '郵便番号 label', f: {type: 'text', name: 'code', label: '郵便番号'}},
  {name: 'クーポンコード label', f: {type: 'text', name: 'code', label: 'クーポンコード'}},
  {name: 'type=search', f: {type: 'search', name: 'code', placeholder: 'Search code'}},
  {name: 'inside role=search', f: {type: 'text', name: 'q', search: true, heading: 'Two-factor authentication'}},
  {name: 'username on the 2FA page', f: {type: 'text', name: 'text', autocomplete: 'username', heading: 'Enter your verification code'}},
  {name: 'email field', f: {type: 'email', name: 'email', label: 'Email'}},
  {name: 'KeePassXC ignore: user code', f: {type: 'text', name: 'user_code', label: 'Verification code'}},
  {name: 'KeePassXC ignore: encode', f: {type: 'text', name: 'encode_token'}},
  {name: 'KeePassXC ignore: comment', f: {type: 'text', name: 'comment', label: 'two-factor'}},
  {name: 'credit card security code', f: {type: 'text', name: 'cc-csc', autocomplete: 'cc-csc', label: 'Security code'}},
  {name: 'JP card security code', f: {type: 'text', name: 'sec', label: 'カードのセキュリティコード'}},
  {name: 'captcha', f: {type: 'text', name: 'captcha_code', label: 'Enter the code'}},
  {name: 'checkbox', f: {type: 'checkbox', name: 'otp_remember'}},
  {name: 'plain text field with no signal', f: {type: 'text', name: 'title', label: 'Title'}},
  {name: 'bare code name (too weak alone)', f: {type: 'text', name: 'code', label: 'Code'}},
];

for (const c of negatives) {
  test(`negative: ${c.name}`, () => {
    const r = D.scoreField(c.f);
    assert.ok(r.score < D.THRESHOLD, `score ${r.score} (${r.reasons}) reaches ${D.THRESHOLD}`);
  });
}

test('vetoed fields show no signal at all, so the background is never asked', () => {
  for (const c of negatives.slice(0, 19)) assert.equal(D.hasSignal(c.f), false, c.name);
});

test("X's bare field: the heading gives a signal, but only the catalogue can confirm it", () => {
  for (const heading of ['Enter your verification code', '認証コードを入力']) {
    const f = {type: 'text', name: 'text', autocomplete: 'on', heading, soleInput: true};
    assert.equal(D.hasSignal(f), true, heading);
    assert.ok(D.scoreField(f).score < D.THRESHOLD, heading);
  }
  assert.equal(D.hasSignal({type: 'text', name: 'text', autocomplete: 'on', heading: 'Sign in to X'}), false);
});

test('password type without one-time-code is weaker than text', () => {
  const text = D.scoreField({type: 'text', name: 'otp'}).score;
  const pw = D.scoreField({type: 'password', name: 'otp'}).score;
  assert.ok(pw < text);
  assert.equal(D.scoreField({type: 'password', name: 'x', autocomplete: 'one-time-code'}).kind, 'otp');
});

const runs = [
  {name: 'six boxes in one parent', items: Array.from({length: 6}, () => ({maxLength: 1, parent: 'p', grand: 'g'})), want: [[0, 5]]},
  {name: 'six wrapped boxes share a grandparent', items: Array.from({length: 6}, (_, i) => ({maxLength: 1, parent: `w${i}`, grand: 'g'})), want: [[0, 5]]},
  {
    name: 'username field before the boxes',
    items: [{maxLength: -1, parent: 'a', grand: 'b'}, ...Array.from({length: 6}, () => ({maxLength: 1, parent: 'p', grand: 'g'}))],
    want: [[1, 6]],
  },
  {name: 'three boxes are not a code widget', items: Array.from({length: 3}, () => ({maxLength: 1, parent: 'p', grand: 'g'})), want: []},
  {name: 'nine boxes are not either', items: Array.from({length: 9}, () => ({maxLength: 1, parent: 'p', grand: 'g'})), want: []},
  {name: 'unrelated single-char inputs', items: Array.from({length: 6}, (_, i) => ({maxLength: 1, parent: `p${i}`, grand: `g${i}`})), want: []},
  {
    name: 'a wider input breaks the run',
    items: [...Array.from({length: 3}, () => ({maxLength: 1, parent: 'p', grand: 'g'})), {maxLength: 20, parent: 'p', grand: 'g'}, ...Array.from({length: 3}, () => ({maxLength: 1, parent: 'p', grand: 'g'}))],
    want: [],
  },
  {name: 'maxLength given as string', items: Array.from({length: 6}, () => ({maxLength: '1', parent: 'p', grand: 'g'})), want: [[0, 5]]},
];

for (const c of runs) {
  test(`segmentRuns: ${c.name}`, () => assert.deepEqual(D.segmentRuns(c.items), c.want));
}

test('splitForBoxes fills exactly or not at all', () => {
  assert.deepEqual(D.splitForBoxes('123456', 6), ['1', '2', '3', '4', '5', '6']);
  assert.deepEqual(D.splitForBoxes('123 456', 6), ['1', '2', '3', '4', '5', '6']);
  assert.equal(D.splitForBoxes('a1b2c-3d4e5', 6), null);
  assert.equal(D.splitForBoxes('12345', 6), null);
});

test('sameCode ignores the formatting a site adds, but not the code', () => {
  assert.equal(D.sameCode('1234 5678', '12345678'), true);
  assert.equal(D.sameCode('A1B2C-3D4E5', 'a1b2c-3d4e5'), true);
  assert.equal(D.sameCode('a1b2c-3d4e6', 'a1b2c-3d4e5'), false);
  assert.equal(D.sameCode('', ''), false);
});
