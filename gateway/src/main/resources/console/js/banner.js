// The banner every role sees when the gateway is degraded: database down (events journaled locally), broker
// down, a door module or a reader offline, threat level above NORMAL, fire alarm. Polled every 5 s from the
// public health check, the state and (for roles that read alarms) the open offline alarms.
import { get, query } from './api.js';
import { el, msg, srv } from './dom.js';
import { signal } from './alarmsignal.js';

let timer = null;
let me = null;

export function start(who) {
  me = who;
  stop();
  refresh();
  timer = setInterval(refresh, 5000);
}

export function stop() {
  if (timer) clearInterval(timer);
  timer = null;
  const b = document.getElementById('banner');
  if (b) { b.replaceChildren(); b.hidden = true; }
}

/** Re-reads at once (after the desk changed the threat level, say). */
export function refreshNow() { refresh(); }

async function refresh() {
  const items = [];
  try {
    const h = await get('/api/health');
    if (h.database !== 'up') items.push(['crit', 'banner.database', {}]);
    if (h.eventLog && h.eventLog.journaled > 0) items.push(['warn', 'banner.journal', { n: h.eventLog.journaled }]);
    if (h.mqtt !== 'connected') items.push(['crit', 'banner.broker', {}]);
    for (const [m, s] of Object.entries(h.modules || {})) if (s !== 'online') items.push(['crit', 'banner.module', {}, m]);
    const q = (h.eventLog && (h.eventLog.quarantined || 0) + (h.eventLog.quarantinedLocally || 0)) || 0;
    if (q > 0) items.push(['warn', 'banner.quarantine', { n: q }]);
  } catch (e) {
    items.push(['crit', 'banner.unreachable', {}]);
  }
  if (me && !me.mustChangePassword) {
    try {
      const s = await get('/api/state');
      if (s.threatLevel && s.threatLevel !== 'NORMAL') items.push(['crit', 'banner.threat', {}, null, 'threat.' + s.threatLevel]);
      if (s.fireAlarm) items.push(['crit', 'banner.fire', {}]);
    } catch (e) { /* the health item says why */ }
    if (me.roles.some(r => ['security-desk', 'facilities', 'auditor'].includes(r))) {
      try {
        const a = (await get('/api/alarms' + query({ state: 'open', limit: 500 }))).alarms || [];
        for (const x of a.filter(x => x.type === 'READER_OFFLINE')) items.push(['crit', 'banner.reader', {}, x.source]);
        if (me.roles.includes('security-desk')) signal(a);
      } catch (e) { /* not fatal for a banner */ }
    }
  }
  const b = document.getElementById('banner');
  if (!b) return;
  b.hidden = items.length === 0;
  b.replaceChildren(...items.map(([kind, key, params, server, extraKey]) => el('p', { class: 'banner-item ' + kind },
    el('span', { class: 'icon', 'aria-hidden': 'true' }, kind === 'crit' ? '‼' : '▲'), msg('span', key, params),
    extraKey ? ' ' : null, extraKey ? msg('strong', extraKey) : null, server ? ' ' : null, server ? srv('strong', server) : null)));
}
