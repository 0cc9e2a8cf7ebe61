// The audit trail of every change and refusal (who, from where, what, before and after), paged; exportable as CSV.
import { get, query } from '../api.js';
import { el, msg, srv, field, table, button, notifyError } from '../dom.js';
import { timeNode } from '../i18n.js';

export default {
  id: 'audit', title: 'nav.audit', icon: '✎', roles: ['auditor', 'admin'],
  render(main) {
    const actor = el('input', { id: 'au-actor' });
    const resource = el('input', { id: 'au-resource' });
    const out = el('div', { id: 'audit-results' });
    const more = el('p', {});
    const exportLink = el('a', { id: 'au-export', class: 'button-link', download: '' }, el('span', { class: 'icon', 'aria-hidden': 'true' }, '⬇'), msg('span', 'audit.export'));
    let rows = [];
    const run = async after => {
      const f = { actor: actor.value.trim(), resource: resource.value.trim() };
      try {
        const page = await get('/api/audit' + query(Object.assign({}, f, { limit: 100, after })));
        rows = after ? rows.concat(page.audit) : page.audit;
        out.replaceChildren(table(['col.time', 'col.actor', 'col.address', 'col.action', 'col.resource', 'col.outcome', 'col.detail'], rows.map(a => [
          timeNode(a.at), srv('span', a.actor), srv('span', a.address), srv('span', a.action), srv('span', (a.resource || '') + (a.resourceId ? ' ' + a.resourceId : '')),
          srv('span', a.outcome), srv('span', a.detail)]), 'audit.none', { id: 'audit-table' }));
        more.replaceChildren(page.next ? button('events.more', () => run(page.next)) : '');
        exportLink.href = '/api/audit/export.csv' + query(f);
      } catch (e) { notifyError(e); }
    };
    main.append(msg('h1', 'nav.audit'), el('form', { class: 'filters', role: 'search', onsubmit: ev => { ev.preventDefault(); run(); } },
      field('audit.actor', actor), field('audit.resource', resource), el('button', { type: 'submit' }, msg('span', 'events.search'))), el('p', {}, exportLink), out, more);
    run();
  },
};
