// What a step's visible words say it takes (wording.js), in English and Japanese.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {loadContent} from './helpers.mjs';

loadContent('wording.js');
const W = globalThis.TearoffWording;

const yes = [
  'Enter the code from your authenticator app, or enter one of your backup codes.',
  'Enter the 6-digit code or a recovery code.',
  "Enter the code from your two-factor authenticator app. If you've lost your device, you can enter one of your recovery codes.",
  'Open your app. Alternatively, type one of your backup codes.',
  'Backup codes are also accepted.',
  '認証アプリのコード、またはバックアップコードのいずれかを入力してください。',
  'メールが届かない場合は、保存しているバックアップ用の確認コードを入力してください。',
  'リカバリーコードでも入力できます。',
];
const no = [
  'Enter the code from your authenticator app.',
  'We sent a code to your phone number ending in 12.',
  'Save your backup codes somewhere safe.',
  'Having problems? Your recovery codes were shown when you set up two-factor authentication.',
  '認証コードを入力してください。',
  'バックアップコードを安全な場所に保管してください。',
  '',
];

for (const t of yes) test(`says a backup code is taken here: ${t}`, () => assert.equal(W.acceptsBackup(t), true));
for (const t of no) test(`does not: ${t || '(empty)'}`, () => assert.equal(W.acceptsBackup(t), false));
