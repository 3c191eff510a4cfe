// The import form shared by the popup and the options page: paste the codes or
// drop/choose the downloaded .txt, pick the site and account, send `import`.
import { h, host, t } from './common.js';

const MAX_FILE_BYTES = 64 * 1024; // code files are a few hundred bytes
const OTHER = '__other__';

/**
 * @param {object[]} catalogue sites from the `sites` request
 * @param {object} [opts]
 * @param {boolean} [opts.allowReplace] show the "replace the old set" checkbox
 * @param {(summary: object, imported: number) => void} [opts.onImported]
 */
export function buildImportForm(catalogue, { allowReplace = false, onImported } = {}) {
  const select = h('select', { name: 'site', 'aria-label': t('popup_import_site') },
    h('option', { value: '' }, t('popup_import_site_choose')),
    ...catalogue.map((s) => h('option', { value: s.id }, s.name)),
    h('option', { value: OTHER }, t('popup_import_site_other')));
  const domain = h('input', { name: 'domain', type: 'text', hidden: true, placeholder: t('popup_import_domain_placeholder'), 'aria-label': t('popup_import_domain') });
  const account = h('input', { name: 'account', type: 'text', required: true, autocomplete: 'off', spellcheck: 'false', placeholder: t('popup_import_account_placeholder'), 'aria-label': t('popup_import_account') });
  const text = h('textarea', { name: 'text', rows: 5, spellcheck: 'false', autocomplete: 'off', placeholder: t('popup_import_text_placeholder'), 'aria-label': t('popup_import_text') });
  const file = h('input', { name: 'file', type: 'file', accept: '.txt,text/plain', 'aria-label': t('popup_import_file') });
  const replace = h('input', { name: 'replace', type: 'checkbox' });
  const message = h('p', { class: 'form-message', role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, t('popup_import_submit'));

  select.addEventListener('change', () => {
    domain.hidden = select.value !== OTHER;
    domain.required = select.value === OTHER;
  });

  let fileName = ''; // of the file the text was read from, '' for pasted text

  const say = (kind, msg) => { message.className = `form-message ${kind}`; message.textContent = msg; };

  async function readFile(f) {
    if (!f) return;
    if (f.size > MAX_FILE_BYTES) { say('error', t('popup_import_file_too_large')); return; }
    text.value = await f.text();
    // The file's name goes to the host, which tells the site from it (host/codes):
    // with no site chosen, a site's own file (github-recovery-codes.txt, ...) still imports.
    fileName = f.name;
    say('', t('popup_import_file_loaded', f.name));
  }
  file.addEventListener('change', () => readFile(file.files?.[0]));

  const form = h('form', { class: 'import-form', dataset: { tearoffImport: '' } },
    h('label', {}, h('span', {}, t('popup_import_site')), select),
    domain,
    h('label', {}, h('span', {}, t('popup_import_account')), account),
    h('label', {}, h('span', {}, t('popup_import_text')), text),
    h('label', { class: 'file' }, h('span', {}, t('popup_import_file')), file),
    allowReplace ? h('label', { class: 'check' }, replace, h('span', {}, t('options_import_replace'))) : null,
    h('div', { class: 'row' }, submit),
    message);

  // The whole form takes a dropped file, and a file pasted from a file manager: its
  // name goes to the host with the text, which tells the site (Backup-codes-*.txt is
  // Google's). Pasted text lands in the box as usual.
  acceptFiles(form, readFile);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const site = select.value === OTHER ? domain.value.trim() : select.value;
    if (!site && !fileName) { say('error', t('popup_import_need_site')); return; }
    if (!text.value.trim()) { say('error', t('popup_import_need_text')); return; }
    submit.disabled = true;
    say('', t('popup_import_working'));
    const request = { type: 'import', account: account.value.trim(), text: text.value };
    if (site) request.site = site;
    if (fileName) request.file_name = fileName;
    if (allowReplace && replace.checked) request.replace = true;
    const reply = await host(request);
    submit.disabled = false;
    if (!reply.ok) { say('error', reply.error.message); return; }
    text.value = '';
    file.value = '';
    fileName = '';
    replace.checked = false;
    say('ok', t('popup_import_done', reply.result?.imported ?? 0, reply.result?.account?.site_name ?? site));
    onImported?.(reply.result?.account, reply.result?.imported ?? 0);
  });

  return {
    form,
    setSite(id) {
      if (!id) return;
      if (catalogue.some((s) => s.id === id)) select.value = id;
      else { select.value = OTHER; domain.value = id; }
      select.dispatchEvent(new Event('change'));
    },
    setAccount(label) { account.value = label ?? ''; },
    setReplace(on) { replace.checked = Boolean(on); },
    focus() { (select.value ? account.value ? text : account : select).focus(); },
  };
}

/** Drop and paste of a file anywhere on `form` call `read(file)`. */
function acceptFiles(form, read) {
  const hasFiles = (dt) => Array.from(dt?.types ?? []).includes('Files');
  form.addEventListener('dragover', (e) => {
    if (!hasFiles(e.dataTransfer)) return;
    e.preventDefault();
    form.classList.add('drop');
  });
  form.addEventListener('dragleave', (e) => { if (!form.contains(e.relatedTarget)) form.classList.remove('drop'); });
  form.addEventListener('drop', (e) => {
    form.classList.remove('drop');
    const f = e.dataTransfer?.files?.[0];
    if (!f) return;
    e.preventDefault();
    read(f);
  });
  form.addEventListener('paste', (e) => {
    const f = e.clipboardData?.files?.[0];
    if (!f) return; // text: the textarea takes it
    e.preventDefault();
    read(f);
  });
}
