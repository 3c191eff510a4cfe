// The popup's import form takes a dropped or pasted file, and the host tells the site
// from it: Google's Backup-codes-NAME.txt with no site chosen lands as Google codes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { until } from './lib/host.mjs';
import { setup } from './lib/flow.mjs';

const digits = (n, seed) => Array.from({ length: n }, (_, i) => String(seed + i * 7919).padStart(8, '0'));
const googleFile = (codes) => `SAVE YOUR BACKUP CODES\nKeep these backup codes somewhere safe but accessible.\n\n${codes.map((c) => `${c.slice(0, 4)} ${c.slice(4)}`).join('\n')}\n\n(alice@example.com)\n`;

for (const how of ['drop', 'paste']) {
  test(`chromium: a ${how === 'drop' ? 'dropped' : 'pasted'} Backup-codes-*.txt imports as Google codes, the site told by the host`, async (t) => {
    const { vault, driver } = await setup(t, 'chromium');
    const page = await driver.extensionPage('popup/popup.html');
    await driver.waitVisible(page, 'form[data-tearoff-import]');
    await page.evaluate(() => { document.getElementById('import').open = true; });
    await page.fill('input[name=account]', 'alice@example.com');
    const codes = digits(10, 27182818);
    // A file as the browser hands it over on a drop or a paste from a file manager.
    await page.evaluate(({ how, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'Backup-codes-alice.txt', { type: 'text/plain' }));
      const form = document.querySelector('form[data-tearoff-import]');
      const target = form.querySelector('input[name=account]');
      if (how === 'drop') target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      else target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, { how, text: googleFile(codes) });
    await driver.waitFor(page, () => document.querySelector('textarea[name=text]').value.includes('SAVE YOUR BACKUP CODES'));
    assert.equal(await page.inputValue('input[name=account]'), 'alice@example.com', 'the file went to the codes box, not the field it was dropped on');
    assert.equal(await page.inputValue('select[name=site]'), '', 'no site chosen: the host tells it');
    await page.click('form[data-tearoff-import] button[type=submit]');
    const acc = await until(async () => (await vault.list()).find((a) => a.site === 'google'), { what: 'the Google account' });
    assert.equal(acc.account, 'alice@example.com');
    assert.deepEqual(acc.codes.map((c) => c.code).sort(), [...codes].sort());
  });
}
