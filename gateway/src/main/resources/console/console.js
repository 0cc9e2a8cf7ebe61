// The console's script: a file of its own, since the Content-Security-Policy allows no inline script.
'use strict';
const local = iso => iso ? new Date(iso).toLocaleString([], { hour12: false }) : '';
const text = (tag, content, cls) => { const e = document.createElement(tag); e.textContent = content ?? ''; if (cls) e.className = cls; return e; };
// The session cookie is HttpOnly; the CSRF cookie is readable so that every write can echo it in X-CSRF-Token.
const csrf = () => (document.cookie.split('; ').find(c => c.startsWith('ck_csrf=') || c.startsWith('__Host-ck_csrf=')) || '=').split('=')[1];
const post = (path, body, method) => fetch(path, { method: method || 'POST', headers: { 'content-type': 'application/json', 'X-CSRF-Token': csrf() },
                                                    body: body === undefined ? undefined : JSON.stringify(body) });
let timer = null;
function show(view) {
  for (const id of ['login', 'password', 'board']) document.getElementById(id).hidden = id !== view;
  if (view === 'board' && timer === null) { refresh(); timer = setInterval(refresh, 1000); }
  if (view !== 'board' && timer !== null) { clearInterval(timer); timer = null; }
}
async function start() {
  const r = await fetch('/api/session');
  if (r.status !== 200) { show('login'); return; }
  const me = await r.json();
  document.getElementById('user').textContent = me.login + ' (' + me.roles.join(', ') + ')';
  show(me.mustChangePassword ? 'password' : 'board');
}
document.getElementById('login').onsubmit = async ev => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  const r = await post('/api/session', { login: f.get('login'), password: f.get('password') });
  document.getElementById('login-error').textContent = r.ok ? '' : (await r.json()).error;
  ev.target.reset();
  if (r.ok) start();
};
document.getElementById('password').onsubmit = async ev => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  const r = await post('/api/session/password', { currentPassword: f.get('currentPassword'), newPassword: f.get('newPassword') });
  document.getElementById('password-error').textContent = r.ok ? '' : (await r.json()).error;
  ev.target.reset();
  if (r.ok) start();
};
document.getElementById('logout').onclick = async () => { await post('/api/session', undefined, 'DELETE'); show('login'); };
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
    const dr = await fetch('/api/doors');
    if (dr.status === 401) { show('login'); return; }
    const d = await dr.json();
    const dc = document.getElementById('doors'); dc.replaceChildren();
    for (const door of d.doors) {
      const c = text('div', '', 'card');
      c.append(text('div', door.name), text('strong', door.open ? 'OPEN' : 'closed', door.open ? 'warn' : 'ok'),
               text('div', door.lockReleased ? 'lock released' : 'locked', door.lockReleased ? 'warn' : 'ok'));
      dc.append(c);
    }
    const ar = await fetch('/api/alarms');
    const al = ar.ok ? await ar.json() : { alarms: [] };
    const at = document.getElementById('alarms'); at.replaceChildren();
    for (const a of al.alarms.filter(a => a.state !== 'CLEARED')) {
      const tr = document.createElement('tr'); tr.className = a.severity;
      const act = document.createElement('td');
      for (const [label, path] of [['Acknowledge', 'acknowledge'], ['Clear', 'clear']]) {
        if (path === 'acknowledge' && a.state !== 'ACTIVE') continue;
        const b = text('button', label);
        b.onclick = async () => {
          const comment = prompt('Comment (what you did; recorded with your name)'); if (!comment) return;
          const r = await post('/api/alarms/' + a.id + '/' + path, { comment });
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
    const er = await fetch('/api/events?limit=50');
    const ev = er.ok ? await er.json() : { events: [] };
    const tb = document.getElementById('events'); tb.replaceChildren();
    for (const e of ev.events) {
      const tr = document.createElement('tr'); tr.className = e.type;
      tr.append(text('td', local(e.receivedAt)), text('td', e.type), text('td', e.doorId), text('td', e.card), text('td', e.sentence));
      tb.append(tr);
    }
  } catch (err) { document.getElementById('health').replaceChildren(text('div', 'gateway unreachable', 'card bad')); }
}
start();
