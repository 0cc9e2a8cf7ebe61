// The door board: each door's state as a word and an icon (open, released, forced, held, offline, tamper),
// refreshed every 2 s, with a momentary unlock that needs a reason (recorded with the operator's name).
import { get, post, query } from '../api.js';
import { el, msg, srv, badge, field, notify, notifyError } from '../dom.js';
import { t, timeNode } from '../i18n.js';

/** The states of a door, worst first, from its live status and its open alarms. */
export function doorStates(d, alarms) {
  const mine = alarms.filter(a => a.key && a.key.split(':').includes(d.id));
  const out = [];
  if (!d.moduleOnline) out.push(['off', 'door.offline']);
  if (mine.some(a => a.type === 'DOOR_FORCED_OPEN')) out.push(['crit', 'door.forced']);
  if (mine.some(a => a.type === 'DOOR_HELD_OPEN')) out.push(['warn', 'door.held']);
  if (d.tamper) out.push(['bad', 'door.tamper']);
  if (d.open) out.push(['warn', 'door.open']); else if (d.known) out.push(['ok', 'door.closed']);
  out.push(d.lockReleased ? ['info', 'door.released'] : ['ok', 'door.locked']);
  return out;
}

export default {
  id: 'doors', title: 'nav.doors', icon: '⌂', roles: ['security-desk'],
  render(main) {
    const board = el('div', { class: 'cards', id: 'door-board' });
    main.append(msg('h1', 'nav.doors'), board);
    const reasons = new Map();
    let last = null;
    const load = async () => {
      if (board.contains(document.activeElement) && document.activeElement.tagName === 'INPUT') return;
      let doors, alarms;
      try {
        [doors, alarms] = await Promise.all([get('/api/doors'), get('/api/alarms' + query({ state: 'open', limit: 500 }))]);
      } catch (e) { notifyError(e); return; }
      const seen = JSON.stringify([doors, alarms.alarms.map(a => a.key)]);
      if (seen === last) return;
      last = seen;
      board.replaceChildren(...doors.doors.map(d => {
        const heading = 'door-h-' + d.id.replace(/[^A-Za-z0-9_-]/g, '_');
        const reason = el('input', { id: 'reason-' + heading, class: 'reason', value: reasons.get(d.id) || '',
          oninput: ev => reasons.set(d.id, ev.target.value) });
        const unlock = async () => {
          if (!reason.value.trim()) { notify('doors.reasonRequired', null, true); reason.focus(); return; }
          try {
            await post('/api/doors/' + encodeURIComponent(d.id) + '/unlock', { reason: reason.value.trim() });
            reasons.delete(d.id);
            notify('doors.unlocked');
            load();
          } catch (e) { notifyError(e); }
        };
        return el('article', { class: 'card door', 'data-door': d.id, 'aria-labelledby': heading },
          srv('h2', d.name, { id: heading }), el('p', { class: 'states' }, doorStates(d, alarms.alarms).map(([k, key]) => badge(k, key))),
          d.openedAt && d.open ? el('p', {}, msg('span', 'doors.openSince'), ' ', timeNode(d.openedAt)) : null,
          el('div', { class: 'unlock' }, field('doors.reason', reason), el('button', { type: 'button', class: 'unlock-button', onclick: unlock },
            el('span', { class: 'icon', 'aria-hidden': 'true' }, '⇥'), msg('span', 'doors.unlock'))));
      }));
      if (!doors.doors.length) board.replaceChildren(msg('p', 'doors.none', null, { class: 'empty' }));
    };
    load();
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  },
};
