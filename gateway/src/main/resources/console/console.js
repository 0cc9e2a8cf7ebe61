// The console's script: a file of its own, since the Content-Security-Policy allows no inline script.
'use strict';
const local = iso => iso ? new Date(iso).toLocaleString([], { hour12: false }) : '';
const text = (tag, content, cls) => { const e = document.createElement(tag); e.textContent = content ?? ''; if (cls) e.className = cls; return e; };
async function refresh() {
  try {
    const h = await (await fetch('/api/health')).json();
    const hc = document.getElementById('health'); hc.replaceChildren();
    const add = (label, value, good) => { const c = text('div', '', 'card'); c.append(text('div', label), text('strong', value, good ? 'ok' : 'bad')); hc.append(c); };
    add('Gateway', h.status, h.status === 'up'); add('Database', h.database, h.database === 'up'); add('MQTT', h.mqtt, h.mqtt === 'connected');
    for (const [m, s] of Object.entries(h.modules || {})) add('Module ' + m, s, s === 'online');
    add('Policy version', String(h.policyVersion), h.policyVersion !== null);
    const log = h.eventLog || {};
    add('Journal', String(log.journaled ?? '?') + ' waiting', log.journaled === 0);
    add('Quarantine', String((log.quarantined ?? 0) + (log.quarantinedLocally ?? 0)) + ' to review', !log.quarantined && !log.quarantinedLocally);
    const d = await (await fetch('/api/doors')).json();
    const dc = document.getElementById('doors'); dc.replaceChildren();
    for (const door of d.doors) {
      const c = text('div', '', 'card');
      c.append(text('div', door.name), text('strong', door.open ? 'OPEN' : 'closed', door.open ? 'warn' : 'ok'),
               text('div', door.lockReleased ? 'lock released' : 'locked', door.lockReleased ? 'warn' : 'ok'));
      dc.append(c);
    }
    const al = await (await fetch('/api/alarms')).json();
    const at = document.getElementById('alarms'); at.replaceChildren();
    for (const a of al.alarms.filter(a => a.state !== 'CLEARED')) {
      const tr = document.createElement('tr'); tr.className = a.severity;
      const act = document.createElement('td');
      for (const [label, path] of [['Acknowledge', 'acknowledge'], ['Clear', 'clear']]) {
        if (path === 'acknowledge' && a.state !== 'ACTIVE') continue;
        const b = text('button', label);
        b.onclick = async () => {
          const by = prompt('Your name (recorded with the alarm)'); if (!by) return;
          const comment = prompt('Comment (what you did)'); if (!comment) return;
          const r = await fetch('/api/alarms/' + a.id + '/' + path, { method: 'POST', headers: { 'content-type': 'application/json' },
                                body: JSON.stringify({ by, comment }) });
          if (!r.ok) alert((await r.json()).error);
          refresh();
        };
        act.append(b);
      }
      tr.append(text('td', local(a.raisedAt)), text('td', a.severity, a.severity === 'CRITICAL' ? 'bad' : 'warn'), text('td', a.type),
                text('td', a.source), text('td', a.message), text('td', String(a.occurrences)), text('td', a.state), act);
      at.append(tr);
    }
    if (!at.children.length) { const tr = document.createElement('tr'); const td = text('td', 'No active alarms', 'ok'); td.colSpan = 8; tr.append(td); at.append(tr); }
    const ev = await (await fetch('/api/events?limit=50')).json();
    const tb = document.getElementById('events'); tb.replaceChildren();
    for (const e of ev.events) {
      const tr = document.createElement('tr'); tr.className = e.type;
      tr.append(text('td', local(e.receivedAt)), text('td', e.type), text('td', e.doorId), text('td', e.card), text('td', e.sentence));
      tb.append(tr);
    }
  } catch (err) { document.getElementById('health').replaceChildren(text('div', 'gateway unreachable', 'card bad')); }
}
refresh(); setInterval(refresh, 1000);
