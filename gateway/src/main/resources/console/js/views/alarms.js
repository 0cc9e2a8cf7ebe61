// Active alarms, worst first: acknowledge (active → acknowledged) and clear, each with a comment (the tone and
// title count for new critical alarms: alarmsignal.js).
import { get, post, query } from '../api.js';
import { el, msg, srv, badge, notify, notifyError, table } from '../dom.js';
import { t, timeNode, formatNumber } from '../i18n.js';
import { signal } from '../alarmsignal.js';

const RANK = { CRITICAL: 0, MAJOR: 1, MINOR: 2, WARNING: 3 };
const KIND = { CRITICAL: 'crit', MAJOR: 'bad', MINOR: 'warn', WARNING: 'info' };

/** Open alarms, by severity then newest first. */
export function sortAlarms(list) {
  return list.slice().sort((a, b) => (RANK[a.severity] ?? 9) - (RANK[b.severity] ?? 9) || b.id - a.id);
}

export default {
  id: 'alarms', title: 'nav.alarms', icon: '⚠', roles: ['security-desk'],
  render(main) {
    const list = el('div', { id: 'alarm-list' });
    main.append(msg('h1', 'nav.alarms'), list);
    const comments = new Map();
    let last = null;
    const load = async () => {
      if (list.contains(document.activeElement) && document.activeElement.tagName === 'INPUT') return;
      let alarms;
      try { alarms = (await get('/api/alarms' + query({ state: 'open', limit: 500 }))).alarms; } catch (e) { notifyError(e); return; }
      signal(alarms);
      const seen = JSON.stringify(alarms);
      if (seen === last) return;
      last = seen;
      const rows = sortAlarms(alarms).map(a => {
        const comment = el('input', { 'aria-label': t('alarms.comment'), class: 'comment', value: comments.get(a.id) || '',
          oninput: ev => comments.set(a.id, ev.target.value) });
        const act = async path => {
          if (!comment.value.trim()) { notify('alarms.commentRequired', null, true); comment.focus(); return; }
          try { await post('/api/alarms/' + a.id + '/' + path, { comment: comment.value.trim() }); comments.delete(a.id); notify('alarms.' + path + 'd'); load(); }
          catch (e) { notifyError(e); }
        };
        return el('tr', { 'data-alarm': String(a.id), 'data-type': a.type, class: 'sev-' + a.severity },
          el('td', {}, badge(KIND[a.severity] || 'info', 'sev.' + a.severity)), el('td', {}, msg('span', 'astate.' + a.state)),
          el('td', {}, timeNode(a.raisedAt)), el('td', {}, srv('span', a.type), el('br'), srv('span', a.source)),
          el('td', {}, srv('span', a.message)), el('td', {}, formatNumber(a.occurrences)), el('td', {}, comment),
          el('td', { class: 'actions' }, a.state === 'ACTIVE' ? el('button', { type: 'button', class: 'ack', onclick: () => act('acknowledge') }, msg('span', 'alarms.acknowledge')) : null,
            el('button', { type: 'button', class: 'clear', onclick: () => act('clear') }, msg('span', 'alarms.clear'))));
      });
      list.replaceChildren(table(['col.severity', 'col.state', 'col.raised', 'col.source', 'col.what', 'col.count', 'col.comment', ''], rows, 'alarms.none'));
    };
    load();
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  },
};
