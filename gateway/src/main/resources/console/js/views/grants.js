// Grant requests and approvals: facilities (and the desk) request an access level for a person over a window;
// the security desk approves or denies, never its own request (the server refuses that too).
import { get, post, query } from '../api.js';
import { el, msg, srv, button, field, table, notify, notifyError } from '../dom.js';
import { t, timeNode, siteLocalToIso } from '../i18n.js';

export default {
  id: 'grants', title: 'nav.grants', icon: '✦', roles: ['facilities', 'security-desk'],
  render(main, ctx) {
    const desk = ctx.roles.includes('security-desk');
    const list = el('div', { id: 'grant-list' });
    const personId = el('input', { id: 'grant-person', required: true, placeholder: 'p-…' });
    const level = el('input', { id: 'grant-level', required: true });
    const from = el('input', { id: 'grant-from', type: 'datetime-local', required: true });
    const until = el('input', { id: 'grant-until', type: 'datetime-local' });
    const reason = el('input', { id: 'grant-reason', required: true });
    const request = async ev => {
      ev.preventDefault();
      try {
        await post('/api/grants', { personId: personId.value.trim(), accessLevelId: level.value.trim(), validFrom: siteLocalToIso(from.value),
          validUntil: until.value ? siteLocalToIso(until.value) : undefined, reason: reason.value.trim() });
        notify('grants.requested'); load();
      } catch (e) { notifyError(e); }
    };
    const load = async () => {
      let g;
      try { g = (await get('/api/grants' + query({ state: 'REQUESTED', limit: 200 }))).grants; } catch (e) { notifyError(e); return; }
      list.replaceChildren(table(['col.person', 'col.accessLevel', 'col.window', 'col.reason', desk ? 'col.comment' : null, desk ? '' : null].filter(x => x !== null),
        g.map(x => {
          const comment = el('input', { 'aria-label': t('grants.comment') });
          const decide = async path => {
            if (!comment.value.trim()) { notify('grants.commentRequired', null, true); comment.focus(); return; }
            try { await post('/api/grants/' + encodeURIComponent(x.id) + '/' + path, { comment: comment.value.trim() }); notify('grants.decided'); load(); }
            catch (e) { notifyError(e); }
          };
          const cells = [el('td', {}, srv('span', x.personId)), el('td', {}, srv('span', x.accessLevelId)),
            el('td', {}, timeNode(x.validFrom), ' – ', timeNode(x.validUntil)), el('td', {}, srv('span', x.reason))];
          if (desk) cells.push(el('td', {}, comment), el('td', { class: 'actions' }, button('grants.approve', () => decide('approve')), button('grants.deny', () => decide('deny'))));
          return el('tr', { 'data-grant': x.id }, cells);
        }), 'grants.none'));
    };
    main.append(msg('h1', 'nav.grants'), msg('h2', 'grants.waiting'), list, msg('h2', 'grants.request'),
      el('form', { class: 'filters', onsubmit: request }, field('grants.person', personId), field('grants.level', level), field('grants.from', from),
        field('grants.until', until), field('grants.reason', reason), el('button', { type: 'submit' }, msg('span', 'grants.send'))));
    load();
  },
};
