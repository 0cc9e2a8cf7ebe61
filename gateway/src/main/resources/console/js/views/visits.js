// The security desk's visits: requests waiting for approval (approve or deny with a comment), today's
// expected visitors (check-in with the type of ID checked and the card handed out) and those present
// (check-out).
import { get, post, query } from '../api.js';
import { el, msg, srv, button, field, table, notify, notifyError } from '../dom.js';
import { t, timeNode } from '../i18n.js';

export const ID_TYPES = ['PASSPORT', 'NATIONAL_ID', 'DRIVING_LICENCE', 'RESIDENCE_CARD', 'OTHER'];

function who(v) {
  return el('span', {}, srv('strong', v.visitorName || v.visitorPersonId), v.organization ? ' · ' : '', v.organization ? srv('span', v.organization) : '');
}

function when(v) {
  return el('span', {}, timeNode(v.validFrom), ' – ', timeNode(v.validUntil));
}

export default {
  id: 'visits', title: 'nav.visits', icon: '☺', roles: ['security-desk'],
  render(main) {
    const pending = el('section', { id: 'visits-pending', 'aria-labelledby': 'h-pending' });
    const expected = el('section', { id: 'visits-expected', 'aria-labelledby': 'h-expected' });
    const present = el('section', { id: 'visits-present', 'aria-labelledby': 'h-present' });
    main.append(msg('h1', 'nav.visits'), pending, expected, present);

    const act = async (path, body, doneKey) => {
      try { await post(path, body); notify(doneKey); load(); } catch (e) { notifyError(e); }
    };

    let last = null;
    const load = async () => {
      let requested, approved, inside;
      try {
        [requested, approved, inside] = await Promise.all(['REQUESTED', 'APPROVED', 'CHECKED_IN']
          .map(s => get('/api/visits' + query({ state: s, limit: 200 })).then(r => r.visits)));
      } catch (e) { notifyError(e); return; }
      const seen = JSON.stringify([requested, approved, inside]);
      if (seen === last) return;
      last = seen;
      const endOfDay = new Date(); endOfDay.setHours(23, 59, 59, 999);
      pending.replaceChildren(msg('h2', 'visits.pending', null, { id: 'h-pending' }), table(['col.visitor', 'col.purpose', 'col.window', 'col.comment', ''],
        requested.map(v => {
          const comment = el('input', { 'aria-label': t('visits.comment'), class: 'comment', 'data-visit': v.id });
          const decide = (path, key) => {
            if (!comment.value.trim()) { notify('visits.commentRequired', null, true); comment.focus(); return; }
            act('/api/visits/' + v.id + '/' + path, { comment: comment.value.trim() }, key);
          };
          return el('tr', { 'data-visit': v.id }, el('td', {}, who(v)), el('td', {}, srv('span', v.purpose)), el('td', {}, when(v)),
            el('td', {}, comment), el('td', { class: 'actions' }, button('visits.approve', () => decide('approve', 'visits.approved'), { class: 'approve' }),
              button('visits.deny', () => decide('deny', 'visits.denied'), { class: 'deny' })));
        }), 'visits.noneWaiting'));
      const today = approved.filter(v => new Date(v.validFrom) <= endOfDay && new Date(v.validUntil) > new Date());
      expected.replaceChildren(msg('h2', 'visits.expected', null, { id: 'h-expected' }), table(['col.visitor', 'col.window', 'visits.idType', 'visits.card', ''],
        today.map(v => {
          const idType = el('select', { 'aria-label': t('visits.idType'), class: 'id-type' },
            el('option', { value: '' }, t('common.choose')), ID_TYPES.map(x => el('option', { value: x }, t('id.' + x))));
          const card = el('input', { 'aria-label': t('visits.card'), class: 'card', placeholder: '18:50201' });
          const checkIn = () => {
            if (!idType.value || !card.value.trim()) { notify('visits.checkInNeeds', null, true); return; }
            act('/api/visits/' + v.id + '/check-in', { idDocumentType: idType.value, card: card.value.trim() }, 'visits.checkedIn');
          };
          return el('tr', { 'data-visit': v.id }, el('td', {}, who(v)), el('td', {}, when(v)), el('td', {}, idType), el('td', {}, card),
            el('td', { class: 'actions' }, button('visits.checkIn', checkIn, { class: 'check-in' })));
        }), 'visits.noneExpected'));
      present.replaceChildren(msg('h2', 'visits.present', null, { id: 'h-present' }), table(['col.visitor', 'col.since', 'visits.idType', ''],
        inside.map(v => el('tr', { 'data-visit': v.id }, el('td', {}, who(v), v.overdueAt ? el('span', { class: 'badge warn' }, '▲ ', msg('span', 'visits.overdue')) : ''),
          el('td', {}, timeNode(v.checkedInAt)), el('td', {}, v.idDocumentType ? msg('span', 'id.' + v.idDocumentType) : ''),
          el('td', { class: 'actions' }, button('visits.checkOut', () => act('/api/visits/' + v.id + '/check-out', undefined, 'visits.checkedOut'), { class: 'check-out' })))),
        'visits.nonePresent'));
    };
    load();
    const timer = setInterval(load, 15000);
    return () => clearInterval(timer);
  },
};
