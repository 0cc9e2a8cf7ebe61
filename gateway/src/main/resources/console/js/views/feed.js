// The live event feed: server-sent events from GET /api/events/stream. The browser's EventSource reconnects
// by itself and sends the last id it received as Last-Event-ID, so the server sends exactly what was missed.
// A change of filter reopens the stream after the last id seen: nothing is lost between the two.
import { get, query } from '../api.js';
import { el, msg, srv, field, badge, notifyError } from '../dom.js';
import { t, has, timeNode } from '../i18n.js';

const KEEP = 200;
export const GROUPS = {
  all: null,
  decisions: 'ACCESS_GRANTED,ACCESS_DENIED,ACCESS_PENDING,COMPANION_ADMITTED,APB_VIOLATION,PIN_LOCKED_OUT',
  doors: 'DOOR_RELEASED,DOOR_OPENED,DOOR_CLOSED,DOOR_FORCED_OPEN,DOOR_HELD_OPEN,DOOR_REX,DOOR_RELOCKED,DOOR_UNLOCKED_BY_OPERATOR,DOOR_TAMPER',
  alarms: 'DOOR_FORCED_OPEN,DOOR_HELD_OPEN,DOOR_TAMPER,READER_TAMPER,FIRE_ALARM,MODULE_OFFLINE,READER_OFFLINE,LOG_GAP,EVENT_QUARANTINED,VISIT_OVERDUE',
};

/** One event as a table row: time, type, door, result, the decision's sentence and its reasons. */
export function eventRow(e) {
  const result = e.result === 'GRANT' ? badge('ok', 'result.GRANT') : e.result === 'DENY' ? badge('bad', 'result.DENY')
    : e.result === 'PENDING' ? badge('warn', 'result.PENDING') : '';
  const type = has('ev.' + e.type) ? msg('span', 'ev.' + e.type) : srv('span', e.type);
  const reasons = el('ul', { class: 'reasons' }, (e.reasons || []).map(r => el('li', {}, has('reason.' + r) ? msg('span', 'reason.' + r) : srv('span', r))));
  return el('tr', { class: 'ev ' + (e.type || ''), 'data-event-id': String(e.id) },
    el('td', {}, timeNode(e.receivedAt)), el('td', {}, type), el('td', {}, srv('span', e.doorId)), el('td', {}, result),
    el('td', {}, srv('span', e.sentence, { class: 'sentence' }), reasons));
}

export const EVENT_COLUMNS = ['col.time', 'col.type', 'col.door', 'col.result', 'col.what'];

export default {
  id: 'feed', title: 'nav.feed', icon: '⚡', roles: ['security-desk', 'facilities', 'auditor'],
  render(main) {
    const shown = new Set();
    let lastId = null;
    let source = null;
    const status = el('p', { id: 'feed-status', role: 'status' });
    const body = el('tbody', { id: 'feed-rows' });
    const door = el('select', { id: 'feed-door' }, el('option', { value: '' }, t('common.any')));
    const group = el('select', { id: 'feed-group' }, Object.keys(GROUPS).map(g => el('option', { value: g }, t('feed.group.' + g))));
    const result = el('select', { id: 'feed-result' }, el('option', { value: '' }, t('common.any')),
      ['GRANT', 'DENY', 'PENDING'].map(r => el('option', { value: r }, t('result.' + r))));
    const setStatus = key => status.replaceChildren(badge(key === 'feed.live' ? 'ok' : 'warn', key));

    const add = (e, live) => {
      if (shown.has(e.id)) return;
      shown.add(e.id);
      if (lastId === null || e.id > lastId) lastId = e.id;
      const row = eventRow(e);
      if (live) row.classList.add('fresh');
      body.prepend(row);
      while (body.children.length > KEEP) body.lastElementChild.remove();
    };
    const open = () => {
      if (source) source.close();
      const types = GROUPS[group.value];
      const url = '/api/events/stream' + query({ follow: 'true', after: lastId, door: door.value, type: types, result: result.value });
      source = new EventSource(url);
      setStatus('feed.connecting');
      source.addEventListener('hello', ev => { setStatus('feed.live'); if (lastId === null && ev.lastEventId) lastId = Number(ev.lastEventId); });
      source.addEventListener('event', ev => add(JSON.parse(ev.data), true));
      source.addEventListener('end', () => setStatus('feed.reconnecting'));
      source.onerror = () => {
        setStatus(source.readyState === EventSource.CLOSED ? 'feed.closed' : 'feed.reconnecting');
        if (source.readyState === EventSource.CLOSED) get('/api/session').catch(() => {});
      };
    };
    const refilter = () => { body.replaceChildren(); shown.clear(); prefill().then(open); };
    const prefill = async () => {
      try {
        const page = await get('/api/events' + query({ limit: 50, door: door.value, type: GROUPS[group.value], result: result.value }));
        for (const e of page.events.slice().reverse()) add(e, false);
      } catch (e) { notifyError(e); }
    };
    for (const s of [door, group, result]) s.addEventListener('change', refilter);
    get('/api/doors').then(d => { for (const x of d.doors) door.append(el('option', { value: x.id, 'data-server': '' }, x.name)); }).catch(() => {});

    main.append(msg('h1', 'nav.feed'),
      el('div', { class: 'filters' }, field('feed.door', door), field('feed.group', group), field('feed.result', result)), status,
      el('div', { class: 'table-wrap' }, el('table', { id: 'feed' },
        el('thead', {}, el('tr', {}, EVENT_COLUMNS.map(c => el('th', { scope: 'col' }, msg('span', c))))), body)));
    prefill().then(open);
    return () => { if (source) source.close(); };
  },
};
