// Who is believed inside each zone now, and the printable muster list (GET /api/muster.html, a page of its own).
import { get } from '../api.js';
import { el, msg, srv, table, notifyError } from '../dom.js';
import { timeNode, formatNumber } from '../i18n.js';

export default {
  id: 'occupancy', title: 'nav.occupancy', icon: '☷', roles: ['security-desk', 'facilities', 'auditor'],
  render(main) {
    const body = el('div', { id: 'occupancy' });
    main.append(msg('h1', 'nav.occupancy'),
      el('p', {}, el('a', { href: '/api/muster.html', target: '_blank', rel: 'noopener', id: 'muster-link', class: 'button-link' },
        el('span', { class: 'icon', 'aria-hidden': 'true' }, '⎙'), msg('span', 'occupancy.muster')), ' ',
      el('a', { href: '/api/muster.csv', class: 'button-link', download: '' }, msg('span', 'occupancy.musterCsv'))), body);
    const load = async () => {
      let m;
      try { m = await get('/api/muster'); } catch (e) { notifyError(e); return; }
      body.replaceChildren(el('p', {}, msg('span', 'occupancy.total', { n: formatNumber(m.total) }), ' · ', msg('span', 'occupancy.asOf'), ' ', timeNode(m.asOf)),
        ...m.zones.map(z => el('section', { class: 'zone', 'data-zone': z.zone }, el('h2', {}, srv('span', z.name), ' ',
          msg('span', 'occupancy.count', { n: formatNumber(z.count) }, { class: 'count' })),
          table(['col.person', 'col.organization', 'col.since', 'col.door'], z.people.map(p => [srv('span', p.name || p.personId),
            srv('span', p.organization), timeNode(p.enteredAt), srv('span', p.door)]), 'occupancy.empty'))));
    };
    load();
    const timer = setInterval(load, 10000);
    return () => clearInterval(timer);
  },
};
