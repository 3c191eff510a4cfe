// TearoffWording: what a verification step's own visible words say it accepts.
// "Enter the code from your app, or enter one of your backup codes" means the backup
// code goes into this very field, whatever the catalogue says about the site's steps.
// Pure: text in, answer out (the text comes from visibletext.js, links and buttons
// left out, so "Use a recovery code" as a link to another step does not count).
(() => {
  'use strict';

  const BACKUP_EN = '(backup|recovery|rescue|scratch|emergency)[- ]?(codes?|keys?)';
  const BACKUP_JA = '(バックアップ|リカバリー?|復旧|回復|予備)(用の)?\\s?(確認)?コード';
  // "... or (enter|use|type) (one of) your backup codes", "... or a recovery code"
  const OR_EN = new RegExp(`\\bor\\b[^.!?]{0,40}?\\b${BACKUP_EN}`, 'i');
  // "you can (also) enter/use one of your recovery codes"
  const CAN_EN = new RegExp(`\\b(you can|you may|can also|may also|alternatively)\\b[^.!?]{0,30}?\\b(enter|use|type|input)\\b[^.!?]{0,30}?\\b${BACKUP_EN}`, 'i');
  // "backup codes are accepted / also work here"
  const ACCEPTED_EN = new RegExp(`\\b${BACKUP_EN}\\b[^.!?]{0,20}?\\b(also|are|is)\\b[^.!?]{0,10}?\\b(accepted|work|allowed|valid)`, 'i');
  // 「または バックアップコード」「バックアップコードも入力できます」「バックアップ用の確認コードを入力してください」
  const OR_JA = new RegExp(`(または|もしくは|あるいは|か、)[^。！？]{0,20}${BACKUP_JA}`);
  const CAN_JA = new RegExp(`${BACKUP_JA}(も|でも)?[^。！？]{0,10}(入力|使用|利用)(でき|可能|して(ください|下さい))`);

  // acceptsBackup(text) -> true when the step's words say a backup/recovery code is taken here.
  function acceptsBackup(text) {
    const t = String(text || '');
    return OR_EN.test(t) || CAN_EN.test(t) || ACCEPTED_EN.test(t) || OR_JA.test(t) || CAN_JA.test(t);
  }

  globalThis.TearoffWording = Object.freeze({acceptsBackup});
})();
