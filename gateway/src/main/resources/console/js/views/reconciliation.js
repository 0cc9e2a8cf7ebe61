// Reconciliations: ask for one over a period (it runs in the gateway, in the background), follow it, open its
// exceptions, download its files (canonical JSON, CSV, PDF) and sign it off as preparer or reviewer.
import { get, post } from '../api.js';
import { el, msg, srv, field, table, button, notify, notifyError } from '../dom.js';
import { t, timeNode, siteLocalToIso, isoToSiteLocal } from '../i18n.js';

export default {
  id: 'reconciliation', title: 'nav.reconciliation', icon: '⚖', roles: ['auditor'],
  render(main) {
    const day = 86400000;
    const from = el('input', { id: 'rc-from', type: 'datetime-local', required: true, value: isoToSiteLocal(new Date(Date.now() - day).toISOString()) });
    const to = el('input', { id: 'rc-to', type: 'datetime-local', required: true, value: isoToSiteLocal(new Date().toISOString()) });
    const list = el('div', { id: 'reconciliation-list' });
    const detail = el('div', { id: 'reconciliation-detail' });
    let timer = null;

    const signOff = async (r, role) => {
      const comment = window.prompt(t('recon.signPrompt', { role: t('recon.' + role) }));
      if (!comment) return;
      try {
        await post('/api/reconciliations/' + r.id + '/signoffs', { role, comment });
        notify('recon.signed');
        load();
      } catch (e) { notifyError(e); }
    };

    // an exception's disposition (carried into later reports by the server) and a form to set it
    const triage = (r, x) => {
      const value = el('select', { class: 'disposition', 'aria-label': t('recon.disposition') },
        ['TRUE_POSITIVE', 'FALSE_POSITIVE', 'ACCEPTED_RISK'].map(v => el('option', { value: v }, t('recon.' + v))));
      if (x.disposition) value.value = x.disposition.value;
      const comment = el('input', { class: 'comment', 'aria-label': t('col.comment'), value: x.disposition ? x.disposition.comment : '' });
      const save = async () => {
        if (!comment.value.trim()) { comment.focus(); return; }
        try {
          await post('/api/reconciliations/' + r.id + '/exceptions/' + x.id + '/disposition', { disposition: value.value, comment: comment.value.trim() });
          notify('recon.disposed');
        } catch (e) { notifyError(e); }
      };
      return el('span', { class: 'triage', 'data-exception': x.id }, value, comment, button('recon.dispose', save, { class: 'dispose' }),
        x.disposition ? srv('small', x.disposition.reviewer) : '');
    };

    const open = async r => {
      try {
        const report = await get('/api/reconciliations/' + r.id + '/files/report.json');
        detail.replaceChildren(msg('h2', 'recon.exceptionsOf', { id: r.id }),
          srv('p', report.header.id + ' · sha256 ' + r.reportSha256, { class: 'mono' }),
          table(['col.time', 'col.type', 'col.severity', 'col.person', 'col.detail', 'recon.disposition'], report.exceptions.map(x => [
            timeNode(x.at), srv('span', x.type), srv('span', x.severity), srv('span', x.person), srv('span', x.detail), triage(r, x)]),
          'recon.noExceptions', { id: 'reconciliation-exceptions' }));
      } catch (e) { notifyError(e); }
    };

    const load = async () => {
      clearTimeout(timer);
      try {
        const page = await get('/api/reconciliations?limit=50');
        const rows = page.reconciliations;
        list.replaceChildren(rows.length === 0 ? el('div', { class: 'empty-state', id: 'reconciliation-empty' }, msg('p', 'recon.empty'))
          : table(['recon.id', 'recon.period', 'recon.trigger', 'col.state', 'recon.exceptions', 'recon.signoffs', ''], rows.map(r => {
            const state = r.state === 'RUNNING' ? t('recon.running', { n: r.eventsRead || 0 }) : r.state === 'FAILED' ? r.state + ': ' + r.error : r.state;
            const files = r.state !== 'DONE' ? [] : ['report.json', 'exceptions.csv', 'report.pdf', 'report.sig', 'evidence.txt', 'report-shareable.pdf'].map(f =>
              el('a', { class: 'button-link', href: '/api/reconciliations/' + r.id + '/files/' + f, download: '' }, srv('span', f)));
            const signed = (r.signoffs || []).map(s => t('recon.' + s.role) + ': ' + s.signedBy).join(' · ');
            const actions = r.state !== 'DONE' ? [] : [button('recon.open', () => open(r)), button('recon.signPreparer', () => signOff(r, 'preparer')),
              button('recon.signReviewer', () => signOff(r, 'reviewer'))];
            return [srv('span', r.id), el('span', {}, timeNode(r.from), ' – ', timeNode(r.to)), srv('span', r.trigger), srv('span', state),
              srv('span', r.exceptions), srv('span', signed), el('span', { class: 'actions' }, files, actions)];
          }), 'recon.empty', { id: 'reconciliation-table' }));
        if (rows.some(r => r.state === 'RUNNING')) timer = setTimeout(load, 2000);
      } catch (e) { notifyError(e); }
    };

    const run = async ev => {
      ev.preventDefault();
      try {
        await post('/api/reconciliations', { from: siteLocalToIso(from.value), to: siteLocalToIso(to.value) });
        notify('recon.asked');
        load();
      } catch (e) { notifyError(e); }
    };

    main.append(msg('h1', 'nav.reconciliation'),
      el('form', { class: 'filters', id: 'reconciliation-run', onsubmit: run }, field('events.from', from), field('events.to', to),
        el('button', { type: 'submit' }, msg('span', 'recon.run'))), list, detail);
    load();
  },
};
