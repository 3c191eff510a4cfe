// TearoffLookalike: pure rules that tell a verification step from the fields that only
// look like one: image captchas and anti-bot fields, honeypots, phone-number entry,
// card security codes, gift-card and loyalty-card PINs. Each rule is about a KIND of
// field (what makes a captcha a captcha), never about a particular site.
//
// Input: the descriptor detect.js scores, with `near` filled in by near.js:
//   near = {hidden, prefilled, image, controls, boxText, others: [{attrs, autocomplete, text, shown, tag}], stepText}
// Classic script (content scripts cannot be ES modules): one namespace on globalThis.
(() => {
  'use strict';

  // Words of an image/puzzle captcha around the field, in the languages people meet them in.
  const CAPTCHA = /captcha|看不清|换一张|換一張|图片|圖片|图形|圖形|画像認証|画像の文字|表示されている(文字|数字)|(characters|letters|word|text|numbers?|code) (you )?(see|shown|above|below|in the (image|picture))|type the (word|characters|letters|text)|(refresh|reload|new|another|different) (image|picture|code)|not readable|can.?t read/i;
  // A control next to the field that swaps the picture.
  const REFRESH = /captcha|refresh|reload|renew|regenerate|看不清|换一张|換一張|刷新|別の画像|画像を(変更|更新)/i;
  // Anti-bot fields that say what they are, by name or by the words beside them.
  const BOT_ATTR = /captcha|human|robot|spam|honeypot|antibot|hp.?field/;
  const BOT_TEXT = /leave (this|it) (field )?(blank|empty)|if you are (a )?human|are you (a )?human|not a robot|do not (fill|change)|don.?t (fill|change)|anti.?spam|spam (control|check)|what is \d+ ?[-+x*×] ?\d+|sum of \d/i;
  // A step that asks for much more than a code (sign-up, checkout, contact form):
  // more shown fields than a sign-in step has, or a free-text box.
  const MAX_OTHERS = 5;

  // Phone-number entry: the field asks for a number, not for a code.
  const PHONE = /phone|mobile|cell(ular)?\b|telephone|\bsms ?number|電話|携帯|手机|手機|ponsel|telefon|telefone|téléphone/i;
  const PHONE_ATTR = /phone|mobile|msisdn|cellular|\btel\b|telno|tel.?num/;
  // The field itself says it takes a code (then a phone word is about where the code went).
  const CODE = /code|passcode|otp|pin\b|コード|認証番号|確認番号|验证码|驗證碼/i;
  // Card fields: another field of the same form takes a card number, expiry or CVC.
  const CARD_ATTR = /card.?(num|no\b|number)|cc.?(num|number|exp|name)|credit|expir|exp.?(date|month|year|mm|yy)|cvv|cvc|csc/;
  const CARD_TEXT = /card ?number|credit card|debit card|expir|expiry|valid (thru|until)|\bcvv|\bcvc|mm ?\/ ?yy|カード番号|有効期限|卡号|信用卡|karten(nummer)?|kortnummer|numéro de carte/i;
  // Gift-card, voucher and loyalty-card fields and their PINs.
  const GIFT = /gift|voucher|certificate|loyalty|member.?card|store.?credit|ギフト|商品券|礼品卡|禮品卡|gutschein|presentkort|lahjakortti/i;
  const PIN = /(^|[^a-z])pin($|[^a-z])|pin ?code|暗証番号/i;
  const CARD_WORD = /card|karte|kort|カード|卡/i;
  // "Security code" alone is what a card's CVC is called too (セキュリティコード in Japan):
  // with card words on the step (a saved card's "Visa ending in 4242"), it is the card's.
  const AMBIGUOUS = /security.?code|verification.?(value|number)|セキュリティ\s?コード|安全码/i;
  const CARD_STEP = /\b(credit|debit|gift) ?card|card (ending|number)|ending in \d{4}|\b(visa|mastercard|amex|american express|discover|jcb|maestro)\b|\bcvv|\bcvc|expir|クレジットカード|カード番号|末尾|信用卡|银行卡/i;

  const attrsOf = (f) => `${f.name || ''} ${f.id || ''}`.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const ownText = (f) => [f.label, f.aria, f.placeholder].filter(Boolean).join(' ');

  // kind(f) -> 'honeypot' | 'prefilled' | 'captcha' | 'phone' | 'card' | 'gift' | null
  function kind(f) {
    const near = f.near;
    if (!near) return null;
    const attrs = attrsOf(f);
    const own = ownText(f);
    const others = near.others || [];
    // A field a person cannot see or reach is a trap for bots, whatever it says.
    if (near.hidden) return 'honeypot';
    // A code field starts empty; one the page fills itself is a token or a spam check.
    if (near.prefilled) return 'prefilled';
    if (BOT_ATTR.test(attrs) || BOT_TEXT.test(own) || BOT_TEXT.test(near.boxText || '')) return 'anti-bot';
    if (near.image || REFRESH.test(near.controls || '') || CAPTCHA.test(own) || CAPTCHA.test(near.boxText || '')) return 'captcha';
    if ((PHONE.test(own) || PHONE_ATTR.test(attrs)) && !CODE.test(own)) return 'phone';
    if (GIFT.test(attrs) || GIFT.test(own) || others.some((o) => GIFT.test(`${o.attrs} ${o.text}`))) return 'gift';
    if ((PIN.test(attrs) || PIN.test(own)) && others.some((o) => CARD_WORD.test(`${o.attrs} ${o.text}`))) return 'gift';
    if (others.some((o) => /^cc-/.test(o.autocomplete || '') || CARD_ATTR.test(o.attrs || '') || CARD_TEXT.test(o.text || ''))) return 'card';
    if ((AMBIGUOUS.test(attrs) || AMBIGUOUS.test(own)) && CARD_STEP.test(near.stepText || '')) return 'card';
    const shown = others.filter((o) => o.shown);
    if (shown.some((o) => o.tag === 'textarea') || shown.length > MAX_OTHERS) return 'long-form';
    return null;
  }

  globalThis.TearoffLookalike = Object.freeze({kind});
})();
