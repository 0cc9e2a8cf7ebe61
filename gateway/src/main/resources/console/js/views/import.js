// Bulk CSV import of persons and badges: the file is checked first (dryRun: nothing written) and its
// per-row error report shown; only then can it be applied, all rows or the valid ones.
import { call } from '../api.js';
import { el, msg, srv, field, table, notify, notifyError } from '../dom.js';
import { t, formatNumber } from '../i18n.js';

export default {
  id: 'import', title: 'nav.import', icon: '⇪', roles: ['facilities'],
  render(main) {
    const file = el('input', { id: 'import-file', type: 'file', accept: '.csv,text/csv,text/plain' });
    const mode = el('select', { id: 'import-mode' }, el('option', { value: 'all' }, t('import.modeAll')),
      el('option', { value: 'valid-rows' }, t('import.modeValid')));
    const report = el('div', { id: 'import-report' });
    const apply = el('button', { type: 'button', id: 'import-apply', disabled: true }, msg('span', 'import.apply'));
    let text = null;
    const send = async dryRun => {
      const url = '/api/persons/import?mode=' + mode.value + '&dryRun=' + dryRun;
      try { return await call('POST', url, text, 'text/plain; charset=utf-8'); }
      catch (e) { if (e.status === 422 && e.body && e.body.rows !== undefined) return e.body; throw e; }
    };
    const show = r => {
      report.replaceChildren(el('p', { id: 'import-summary' }, msg('span', 'import.summary', { rows: formatNumber(r.rows), valid: formatNumber(r.validRows),
        invalid: formatNumber(r.invalidRows) })), r.applied ? msg('p', 'import.applied', { n: formatNumber(r.applied) }, { class: 'ok' }) : '',
        table(['col.row', 'col.column', 'col.problem'], (r.errors || []).map(x => [formatNumber(x.row), srv('code', x.column), srv('span', x.message)]), 'import.noErrors'));
    };
    const preview = async () => {
      if (!file.files.length) { notify('import.chooseFile', null, true); return; }
      text = await file.files[0].text();
      try {
        const r = await send(true);
        show(r);
        apply.disabled = !(r.invalidRows === 0 || (mode.value === 'valid-rows' && r.validRows > 0));
      } catch (e) { notifyError(e); }
    };
    apply.addEventListener('click', async () => {
      try { const r = await send(false); show(r); apply.disabled = true; notify('import.done'); } catch (e) { notifyError(e); }
    });
    mode.addEventListener('change', () => { apply.disabled = true; });
    file.addEventListener('change', () => { apply.disabled = true; report.replaceChildren(); });
    main.append(msg('h1', 'nav.import'), msg('p', 'import.help'), el('div', { class: 'filters' }, field('import.file', file), field('import.mode', mode),
      el('button', { type: 'button', id: 'import-preview', onclick: preview }, msg('span', 'import.preview')), apply), report);
  },
};
