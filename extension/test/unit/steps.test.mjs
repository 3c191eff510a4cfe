import {test} from 'node:test';
import assert from 'node:assert/strict';
import {loadContent, catalogue} from './helpers.mjs';

loadContent('steps.js');
const S = globalThis.TearoffSteps;
const sites = catalogue();
const site = (id) => sites.find((s) => s.id === id);

test('matchSite: subdomains belong to their site, lookalikes do not', () => {
  const cases = [
    ['github.com', 'github'],
    ['accounts.google.com', 'google'],
    ['x.com', 'x'],
    ['twitter.com', 'x'],
    ['gitlab.com', 'gitlab'],
    ['GitHub.com.', 'github'],
    ['github.com.evil.example', null],
    ['g1thub.com', null],
    ['notgithub.com', null],
    ['shop.example.co.jp', null],
    ['', null],
  ];
  for (const [host, want] of cases) assert.equal(S.matchSite(sites, host)?.id ?? null, want, host);
  assert.equal(S.matchSite(null, 'github.com'), null);
});

const loc = (pathname, hash = '', search = '') => ({pathname, hash, search});

test('stepsFor: catalogue steps by URL', () => {
  const cases = [
    ['github', loc('/sessions/two-factor/recovery'), ['backup']],
    ['github', loc('/sessions/two-factor/app'), ['otp']],
    ['github', loc('/sessions/two-factor'), ['otp']],
    ['github', loc('/login'), []],
    ['google', loc('/v3/signin/challenge/bc'), ['backup']],
    ['google', loc('/v3/signin/challenge/totp'), ['otp']],
    ['x', loc('/i/flow/login'), ['backup', 'otp']],
    ['x', loc('/home'), []],
    ['gitlab', loc('/users/sign_in'), ['otp']],
    ['bitwarden', loc('/', '#/recover-2fa'), ['backup']],
    ['bitwarden', loc('/', '#/login'), []],
  ];
  for (const [id, l, want] of cases) {
    assert.deepEqual(S.stepsFor(site(id), l).map((s) => s.kind), want, `${id} ${l.pathname}${l.hash}`);
  }
});

test('stepsFor: a broken catalogue regex matches nothing', () => {
  const bad = {steps: [{kind: 'backup', url: '^/(unclosed', fields: []}]};
  assert.deepEqual(S.stepsFor(bad, loc('/(unclosed')), []);
});

test("headingKind: X's shared field is told apart by its heading, in English and Japanese", () => {
  const x = site('x');
  const cases = [
    ['Enter your verification code', 'otp'],
    ['認証コードを入力', 'otp'],
    ['Enter your backup code', 'backup'],
    ['バックアップコードを入力', 'backup'],
    ['Sign in to X', null],
    ['', null],
  ];
  for (const [h, want] of cases) assert.equal(S.headingKind(x, h), want, h);
});

test('action: separate backup step means "switch" on the OTP step', () => {
  assert.equal(S.action(site('github'), 'otp'), 'switch');
  assert.equal(S.action(site('github'), 'backup'), 'fill');
  assert.equal(S.action(site('x'), 'otp'), 'switch');
  assert.equal(S.action(site('gitlab'), 'otp'), 'fill');
  assert.equal(S.action(null, 'otp'), 'fill'); // unknown site: its OTP field is all there is
});

test('findError: site fragments always, generic words only after our submit', () => {
  const gh = site('github');
  assert.equal(S.findError('Recovery code authentication failed.  Two-factor recovery', gh), 'Recovery code authentication failed');
  assert.equal(S.findError('Enter the code. If it is invalid, contact support', gh), null);
  assert.equal(S.findError('Enter the code. If it is invalid, contact support', gh, {generic: true}), 'invalid');
  assert.equal(S.findError('入力したコードが正しくありません', site('x')), '正しくありません');
  assert.equal(S.findError('コードが無効です', null, {generic: true}), '無効');
  assert.equal(S.findError('コードを入力してください', null, {generic: true}), null);
  assert.equal(S.findError('', gh, {generic: true}), null);
});

test('matchSwitch: the site link by href first, then by whole text, then contained text', () => {
  const gh = site('github').switch;
  const items = [
    {text: 'Sign in', href: '/login'},
    {text: 'Enter a two-factor recovery code', href: '/sessions/two-factor/recovery'},
  ];
  assert.equal(S.matchSwitch(gh, items), 1);
  assert.equal(S.matchSwitch(gh, [{text: 'Use a recovery code', href: ''}]), 0);
  assert.equal(S.matchSwitch(gh, [{text: 'Help', href: '/help'}]), -1);

  const x = site('x').switch;
  const chooser = [
    {text: 'Text message', href: ''},
    {text: 'Backup code', href: ''},
  ];
  assert.equal(S.matchSwitch(x, chooser), 1);
  const step = [
    {text: 'Next', href: ''},
    {text: 'Choose a different verification method', href: ''},
  ];
  assert.equal(S.matchSwitch(x, step), 1);
  assert.equal(S.matchSwitch(x, step, [1]), -1, 'already-clicked entries are skipped');
  assert.equal(S.matchSwitch(x, [{text: '別の認証方法を選択', href: ''}]), 0);
  assert.equal(S.matchSwitch(null, step), -1);
});

test('pickPrimary: the username typed earlier in the flow', () => {
  const accounts = [
    {id: 'a', account: 'octocat'},
    {id: 'b', account: 'hubot@example.com'},
    {id: 'c', account: 'jack'},
  ];
  assert.equal(S.pickPrimary(accounts, 'OctoCat'), 'a');
  assert.equal(S.pickPrimary(accounts, 'hubot'), 'b');
  assert.equal(S.pickPrimary(accounts, 'octocat@example.com'), 'a');
  assert.equal(S.pickPrimary(accounts, '@jack'), 'c');
  assert.equal(S.pickPrimary(accounts, 'someone'), null);
  assert.equal(S.pickPrimary(accounts, ''), null);
  assert.equal(S.pickPrimary([{id: 'd', account: '@x'}], '@y'), null);
});
