// Active alarms, worst first: acknowledge (active → acknowledged) and clear, each with a comment. A new
// critical alarm sounds a tone and the tab's title shows how many critical alarms are unacknowledged.
import { get, post, query } from '../api.js';
import { el, msg, srv, badge, notify, notifyError, table } from '../dom.js';
import { t, timeNode, formatNumber } from '../i18n.js';

const RANK = { CRITICAL: 0, MAJOR: 1, MINOR: 2, WARNING: 3 };
const KIND = { CRITICAL: 'crit', MAJOR: 'bad', MINOR: 'warn', WARNING: 'info' };
const heard = new Set();
let primed = false;

/** Open alarms, by severity then newest first. */
export function sortAlarms(list) {
  return list.slice().sort((a, b) => (RANK[a.severity] ?? 9) - (RANK[b.severity] ?? 9) || b.id - a.id);
}

function beep() {
  try {
    const ctx = new (window.AudioContext || window.webkitAudioContext)();
    const o = ctx.createOscillator();
    const g = ctx.createGain();
    o.frequency.value = 880;
    g.gain.value = 0.15;
    o.connect(g).connect(ctx.destination);
    o.start();
    o.stop(ctx.currentTime + 0.4);
  } catch (e) { /* no audio device: the title still counts */ }
}

/** Sound for critical alarms not heard before (not for those already open when the page opened), and the title count. */
function signal(alarms) {
  const critical = alarms.filter(a => a.severity === 'CRITICAL' && a.state === 'ACTIVE');
  let fresh = false;
  for (const a of critical) if (!heard.has(a.id)) { heard.add(a.id); fresh = fresh || primed; }
  primed = true;
  if (fresh) beep();
  const base = t('nav.alarms') + ' — ' + t('app.title');
  document.title = critical.length ? '(' + formatNumber(critical.length) + ') ‼ ' + base : base;
  return fresh;
}

export default {
  id: 'alarms', title: 'nav.alarms', icon: '⚠', roles: ['security-desk'],
  render(main) {
    const list = el('div', { id: 'alarm-list' });
    main.append(msg('h1', 'nav.alarms'), list);
    const comments = new Map();
    const load = async () => {
      if (list.contains(document.activeElement) && document.activeElement.tagName === 'INPUT') return;
      let alarms;
      try { alarms = (await get('/api/alarms' + query({ state: 'open', limit: 500 }))).alarms; } catch (e) { notifyError(e); return; }
      signal(alarms);
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
    return () => { clearInterval(timer); document.title = t('app.title'); };
  },
};
