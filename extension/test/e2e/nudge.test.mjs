// The phone-number nudge on a likeness of X's phone settings page, in real Chromium in
// English and in Japanese: nothing until the person types a number, then one note that
// says who can find the account by it and where the setting is; dismissible.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, screenshot, servePages, setup } from './lib/flow.mjs';

const PHONE = 'https://x.com/settings/phone';
const NOTICE = '[data-tearoff="nudge"] [data-tearoff="notice"]';
const EXPECT = {
  en: [/X lets people who have your phone number find your account/, /Settings and privacy → Privacy and safety → Discoverability and contacts → “Let people who have your phone number find you on X”/],
  ja: [/電話番号を知っている人があなたのアカウントを見つけられます/, /「設定とプライバシー」→「プライバシーと安全」→「見つけやすさと連絡先」/],
};

for (const lang of ['en', 'ja']) {
  test(`chromium (${lang}): typing a number on X's phone settings shows one dismissible note`, async (t) => {
    const { driver } = await setup(t, 'chromium', { lang });
    const html = (await fixture('x-phone-settings.html')).replace('{{LANG}}', lang);
    await driver.route(servePages({ [PHONE]: () => html }));
    const page = await driver.newPage();
    await page.goto(PHONE);
    await driver.waitVisible(page, '#phone');
    assert.equal(await page.locator('[data-tearoff="nudge"]').count(), 0, 'nothing before a number is typed');

    // The content script may still be reading its page list when the page loads: type
    // until the note shows (each keystroke is a trusted input event).
    await page.click('#phone');
    await page.keyboard.type('5550');
    for (let i = 0; i < 40 && !(await page.locator(NOTICE).count()); i++) await page.keyboard.type('1');
    await driver.waitVisible(page, NOTICE);
    const text = await page.textContent(NOTICE);
    for (const re of EXPECT[lang]) assert.match(text, re);
    await page.keyboard.type('23');
    assert.equal(await page.locator('[data-tearoff="nudge"]').count(), 1, 'one note, not one per keystroke');
    await screenshot(page, `nudge-x-phone-${lang}.png`);

    await page.click('[data-tearoff="nudge"] [data-tearoff="dismiss"]');
    await driver.waitFor(page, () => !document.querySelector('[data-tearoff="nudge"]'));
    await page.keyboard.type('4');
    assert.equal(await page.locator('[data-tearoff="nudge"]').count(), 0, 'dismissed for this page');
  });
}
