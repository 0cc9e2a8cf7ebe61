// Facilities: find persons and badges (name, organization, card number), create a person, and the person's
// page (badges with enroll / suspend / report lost / revoke / reinstate, grants, recent entries, audit trail).
import { get, post, query } from '../api.js';
import { el, msg, srv, button, field, table, badge, notify, notifyError } from '../dom.js';
import { t, timeNode } from '../i18n.js';
import { eventRow, EVENT_COLUMNS } from './feed.js';

const TYPES = ['EMPLOYEE', 'CONTRACTOR', 'VISITOR'];
const STATUS_KIND = { ACTIVE: 'ok', SUSPENDED: 'warn', LOST: 'bad', STOLEN: 'bad', EXPIRED: 'off', REVOKED: 'bad' };

function personLink(p) {
  return el('a', { href: '#/person/' + encodeURIComponent(p.id), 'data-person': p.id }, srv('span', p.name));
}

export const search = {
  id: 'persons', title: 'nav.persons', icon: '☰', roles: ['facilities'],
  render(main) {
    const name = el('input', { id: 'search-name' });
    const org = el('input', { id: 'search-org' });
    const card = el('input', { id: 'search-card', placeholder: '18:40211' });
    const results = el('div', { id: 'person-results' });
    const run = async ev => {
      if (ev) ev.preventDefault();
      try {
        const r = await get('/api/persons' + query({ name: name.value.trim(), organization: org.value.trim(), card: card.value.trim(), limit: 100 }));
        results.replaceChildren(table(['col.person', 'col.type', 'col.organization', 'col.id'], r.persons.map(p => [personLink(p),
          msg('span', 'ptype.' + p.type), srv('span', p.organization), srv('code', p.id)]), 'persons.noMatch'));
      } catch (e) { notifyError(e); }
    };
    const newName = el('input', { id: 'new-name', required: true });
    const newType = el('select', { id: 'new-type' }, TYPES.filter(x => x !== 'VISITOR').map(x => el('option', { value: x }, t('ptype.' + x))));
    const newOrg = el('input', { id: 'new-org' });
    const create = async ev => {
      ev.preventDefault();
      try {
        const p = await post('/api/persons', { name: newName.value.trim(), type: newType.value, organization: newOrg.value.trim() || undefined });
        notify('persons.created');
        location.hash = '#/person/' + encodeURIComponent(p.id);
      } catch (e) { notifyError(e); }
    };
    main.append(msg('h1', 'nav.persons'),
      el('form', { class: 'filters', role: 'search', onsubmit: run }, field('persons.name', name), field('persons.organization', org),
        field('persons.card', card), el('button', { type: 'submit', id: 'search-go' }, msg('span', 'persons.search'))), results,
      msg('h2', 'persons.new'), el('form', { class: 'filters', id: 'new-person', onsubmit: create }, field('persons.name', newName),
        field('persons.type', newType), field('persons.organization', newOrg), el('button', { type: 'submit', id: 'create-person' }, msg('span', 'persons.create'))));
    run();
  },
};

const ACTIONS = [['suspend', 'cred.suspend'], ['report-lost', 'cred.reportLost'], ['revoke', 'cred.revoke'], ['reinstate', 'cred.reinstate']];

export const person = {
  id: 'person', title: 'nav.person', icon: '☺', roles: ['facilities'], hidden: true,
  render(main, ctx) {
    const id = ctx.args[0];
    const load = async () => {
      let p, audit, events;
      try {
        [p, audit, events] = await Promise.all([get('/api/persons/' + encodeURIComponent(id)),
          get('/api/audit' + query({ resource: 'persons', resourceId: id, limit: 50 })).catch(() => null),
          get('/api/events' + query({ person: id, limit: 20 })).catch(() => ({ events: [] }))]);
      } catch (e) { main.replaceChildren(msg('h1', 'nav.person')); notifyError(e); return; }
      const histories = await Promise.all(p.credentials.map(c => get('/api/credentials/' + encodeURIComponent(c.id)).then(x => x.history || []).catch(() => [])));
      const changes = histories.flat().sort((a, b) => (b.at || '').localeCompare(a.at || ''));
      const reason = el('input', { id: 'cred-reason' });
      const act = async (c, path) => {
        if (!reason.value.trim()) { notify('cred.reasonRequired', null, true); reason.focus(); return; }
        try { await post('/api/credentials/' + encodeURIComponent(c.id) + '/' + path, { reason: reason.value.trim() }); notify(path === 'reinstate' ? 'cred.sentForApproval' : 'cred.changed'); load(); }
        catch (e) { notifyError(e); }
      };
      const card = el('input', { id: 'enroll-card', placeholder: '18:40299', required: true });
      const until = el('input', { id: 'enroll-until', type: 'date' });
      const enroll = async ev => {
        ev.preventDefault();
        try {
          await post('/api/credentials', { personId: id, card: card.value.trim(), validUntil: until.value ? until.value + 'T00:00:00Z' : undefined });
          notify('cred.enrolled'); load();
        } catch (e) { notifyError(e); }
      };
      main.replaceChildren(el('h1', {}, srv('span', p.name)),
        el('p', {}, msg('span', 'ptype.' + p.type), p.organization ? ' · ' : '', srv('span', p.organization), ' · ', srv('code', p.id),
          p.terminatedAt ? el('span', {}, ' · ', badge('bad', 'persons.terminated'), ' ', timeNode(p.terminatedAt)) : ''),
        msg('h2', 'person.badges'), field('cred.reason', reason),
        table(['col.card', 'col.status', 'col.validFrom', 'col.validUntil', ''], p.credentials.map(c => el('tr', { 'data-credential': c.id },
          el('td', {}, srv('code', c.card)), el('td', {}, badge(STATUS_KIND[c.status] || 'info', 'cstatus.' + c.status)),
          el('td', {}, timeNode(c.validFrom)), el('td', {}, timeNode(c.validUntil)),
          el('td', { class: 'actions' }, ACTIONS.filter(([path]) => (path === 'reinstate') === (c.status !== 'ACTIVE'))
            .map(([path, key]) => button(key, () => act(c, path), { 'data-action': path }))))), 'person.noBadges'),
        el('form', { class: 'filters', id: 'enroll', onsubmit: enroll }, field('cred.card', card), field('cred.validUntil', until),
          el('button', { type: 'submit', id: 'enroll-go' }, msg('span', 'cred.enroll'))),
        msg('h2', 'person.grants'), table(['col.accessLevel', 'col.state', 'col.validFrom', 'col.validUntil'], (p.grants || []).map(g => [
          srv('span', g.accessLevelId), msg('span', 'gstate.' + g.state), timeNode(g.validFrom), timeNode(g.validUntil)]), 'person.noGrants'),
        msg('h2', 'person.entries'), table(EVENT_COLUMNS, events.events.map(eventRow), 'person.noEntries'),
        msg('h2', 'person.changes'), table(['col.time', 'col.card', 'col.change', 'col.actor', 'col.reason'], changes.map(h => [timeNode(h.at),
          srv('code', h.credentialId), el('span', {}, h.from ? msg('span', 'cstatus.' + h.from) : '—', ' → ', msg('span', 'cstatus.' + h.to)),
          srv('span', h.actor), srv('span', h.reason)]), 'person.noAudit'),
        audit ? msg('h2', 'person.audit') : '', audit ? table(['col.time', 'col.actor', 'col.action', 'col.outcome'], audit.audit.map(a => [
          timeNode(a.at), srv('span', a.actor), srv('span', a.action), srv('span', a.outcome)]), 'person.noAudit') : '');
    };
    load();
  },
};
