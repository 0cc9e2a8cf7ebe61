// The auditor's event search: any range (in the site's time zone), door, type, result, person; pages by the
// server's cursor; the same filters exported as CSV (streamed by the server, audited).
import { get, query } from '../api.js';
import { el, msg, field, table, button, notifyError } from '../dom.js';
import { t, siteLocalToIso, isoToSiteLocal } from '../i18n.js';
import { eventRow, EVENT_COLUMNS, GROUPS } from './feed.js';

export default {
  id: 'events', title: 'nav.events', icon: '☰', roles: ['auditor', 'facilities'],
  render(main) {
    const from = el('input', { id: 'ev-from', type: 'datetime-local', value: isoToSiteLocal(new Date(Date.now() - 86400000).toISOString()) });
    const to = el('input', { id: 'ev-to', type: 'datetime-local' });
    const door = el('input', { id: 'ev-door' });
    const person = el('input', { id: 'ev-person' });
    const group = el('select', { id: 'ev-group' }, Object.keys(GROUPS).map(g => el('option', { value: g }, t('feed.group.' + g))));
    const result = el('select', { id: 'ev-result' }, el('option', { value: '' }, t('common.any')), ['GRANT', 'DENY', 'PENDING'].map(r => el('option', { value: r }, t('result.' + r))));
    const out = el('div', { id: 'ev-results' });
    const more = el('p', {});
    const exportLink = el('a', { id: 'ev-export', class: 'button-link', download: '' }, el('span', { class: 'icon', 'aria-hidden': 'true' }, '⬇'), msg('span', 'events.export'));
    let rows = [];
    const filters = () => ({ from: siteLocalToIso(from.value), to: siteLocalToIso(to.value), door: door.value.trim(), person: person.value.trim(),
      type: GROUPS[group.value], result: result.value });
    const run = async (after) => {
      try {
        const page = await get('/api/events' + query(Object.assign(filters(), { limit: 100, after })));
        rows = after ? rows.concat(page.events) : page.events;
        out.replaceChildren(table(EVENT_COLUMNS, rows.map(eventRow), 'events.none', { id: 'event-table' }));
        more.replaceChildren(page.next ? button('events.more', () => run(page.next), { id: 'ev-more' }) : '');
        exportLink.href = '/api/events/export.csv' + query(filters());
      } catch (e) { notifyError(e); }
    };
    main.append(msg('h1', 'nav.events'), el('form', { class: 'filters', role: 'search', onsubmit: ev => { ev.preventDefault(); run(); } },
      field('events.from', from), field('events.to', to), field('events.door', door), field('events.person', person), field('feed.group', group),
      field('feed.result', result), el('button', { type: 'submit', id: 'ev-search' }, msg('span', 'events.search'))), el('p', {}, exportLink), out, more);
    run();
  },
};
