// Administration: users with their roles (create with a one-time password shown once, change roles,
// disable / enable, reset a password) and API tokens (created with roles the admin holds, shown once).
import { get, post, patch } from '../api.js';
import { el, msg, srv, button, field, table, badge, notify, notifyError } from '../dom.js';
import { t, timeNode } from '../i18n.js';

export const ROLES = ['security-desk', 'facilities', 'auditor', 'admin'];

function roleChecks(prefix, selected) {
  return el('fieldset', { class: 'roles-choice' }, el('legend', {}, msg('span', 'users.roles')), ROLES.map(r => {
    const id = prefix + r;
    return el('span', { class: 'check' }, el('input', { type: 'checkbox', id, value: r, checked: selected.includes(r) }), el('label', { for: id }, msg('span', 'role.' + r)));
  }));
}
const chosen = box => [...box.querySelectorAll('input:checked')].map(i => i.value);

/** A secret the server shows once: in the page until the operator dismisses it, never stored. */
function shownOnce(key, secret) {
  const box = el('div', { class: 'secret', role: 'alert', id: 'shown-once' }, msg('p', key), srv('code', secret, { class: 'secret-value' }),
    button('common.dismiss', () => box.remove()));
  return box;
}

export const users = {
  id: 'users', title: 'nav.users', icon: '☻', roles: ['admin'],
  render(main) {
    const list = el('div', { id: 'user-list' });
    const secret = el('div', {});
    const login = el('input', { id: 'user-login', required: true });
    const name = el('input', { id: 'user-name', required: true });
    const roles = roleChecks('new-role-', []);
    const load = async () => {
      let u;
      try { u = (await get('/api/users')).users; } catch (e) { notifyError(e); return; }
      list.replaceChildren(table(['col.login', 'col.name', 'users.roles', 'col.state', ''], u.map(x => {
        const box = roleChecks('role-' + x.id + '-', x.roles || []);
        const save = async body => { try { await patch('/api/users/' + x.id, body); notify('users.saved'); load(); } catch (e) { notifyError(e); } };
        const reset = async () => { try { const r = await post('/api/users/' + x.id + '/password-reset'); secret.replaceChildren(shownOnce('users.oneTime', r.oneTimePassword)); } catch (e) { notifyError(e); } };
        return el('tr', { 'data-user': String(x.id) }, el('td', {}, srv('code', x.login)), el('td', {}, srv('span', x.displayName)), el('td', {}, box),
          el('td', {}, x.disabled ? badge('off', 'users.disabled') : badge('ok', 'users.enabled')),
          el('td', { class: 'actions' }, button('users.saveRoles', () => save({ roles: chosen(box) })),
            button(x.disabled ? 'users.enable' : 'users.disable', () => save({ disabled: !x.disabled })), button('users.reset', reset)));
      }), 'users.none'));
    };
    const create = async ev => {
      ev.preventDefault();
      try {
        const r = await post('/api/users', { login: login.value.trim(), displayName: name.value.trim(), roles: chosen(roles) });
        secret.replaceChildren(shownOnce('users.oneTime', r.oneTimePassword));
        login.value = name.value = '';
        load();
      } catch (e) { notifyError(e); }
    };
    main.append(msg('h1', 'nav.users'), secret, list, msg('h2', 'users.new'),
      el('form', { class: 'filters', onsubmit: create }, field('col.login', login), field('col.name', name), roles,
        el('button', { type: 'submit', id: 'user-create' }, msg('span', 'users.create'))));
    load();
  },
};

export const tokens = {
  id: 'tokens', title: 'nav.tokens', icon: '✱', roles: ['admin'],
  render(main) {
    const list = el('div', { id: 'token-list' });
    const secret = el('div', {});
    const name = el('input', { id: 'token-name', required: true });
    const roles = roleChecks('token-role-', []);
    const load = async () => {
      let l;
      try { l = (await get('/api/tokens')).tokens; } catch (e) { notifyError(e); return; }
      list.replaceChildren(table(['col.name', 'users.roles', 'col.created', 'col.lastUsed', 'col.state', ''], l.map(x => el('tr', { 'data-token': String(x.id) },
        el('td', {}, srv('span', x.name)), el('td', {}, (x.roles || []).map(r => msg('span', 'role.' + r, null, { class: 'role' }))),
        el('td', {}, timeNode(x.createdAt)), el('td', {}, timeNode(x.lastUsedAt)),
        el('td', {}, x.revokedAt ? badge('off', 'tokens.revoked') : badge('ok', 'tokens.active')),
        el('td', { class: 'actions' }, x.revokedAt ? '' : button('tokens.revoke', async () => {
          try { await post('/api/tokens/' + x.id + '/revoke'); notify('tokens.revokedNow'); load(); } catch (e) { notifyError(e); }
        })))), 'tokens.none'));
    };
    const create = async ev => {
      ev.preventDefault();
      try {
        const r = await post('/api/tokens', { name: name.value.trim(), roles: chosen(roles) });
        secret.replaceChildren(shownOnce('tokens.shownOnce', r.token));
        name.value = '';
        load();
      } catch (e) { notifyError(e); }
    };
    main.append(msg('h1', 'nav.tokens'), secret, list, msg('h2', 'tokens.new'),
      el('form', { class: 'filters', onsubmit: create }, field('col.name', name), roles, el('button', { type: 'submit', id: 'token-create' }, msg('span', 'tokens.create'))));
    load();
  },
};

export const config = {
  id: 'config', title: 'nav.config', icon: '⚙', roles: ['admin'],
  render(main) {
    const out = el('div', { id: 'config' });
    main.append(msg('h1', 'nav.config'), msg('p', 'config.readOnly'), out);
    Promise.all([get('/api/health'), get('/api/state'), get('/api/policy/lint').catch(() => null)]).then(([h, s, lint]) => {
      const row = (key, value) => el('tr', {}, el('th', { scope: 'row' }, msg('span', key)), el('td', {}, value));
      out.replaceChildren(el('div', { class: 'table-wrap' }, el('table', { class: 'kv' }, el('tbody', {},
        row('config.site', srv('span', s.siteName)), row('app.siteZone', srv('span', s.siteTimeZone)),
        row('config.policyVersion', srv('code', h.policyVersion)), row('config.policyHash', srv('code', h.policyHash)),
        row('config.database', msg('span', h.database === 'up' ? 'config.up' : 'config.down')),
        row('config.broker', msg('span', h.mqtt === 'connected' ? 'config.up' : 'config.down')),
        ...Object.entries(h.modules || {}).map(([m, st]) => row('config.module', el('span', {}, srv('code', m), ' ', msg('span', st === 'online' ? 'config.up' : 'config.down')))),
        row('config.threat', msg('span', 'threat.' + s.threatLevel))))),
        msg('h2', 'config.warnings'), table(['col.what'], (h.warnings || []).map(w => [srv('span', w)]), 'config.noWarnings'),
        msg('h2', 'config.lint'), table(['col.severity', 'col.what'], lint ? lint.findings.map(f => [srv('span', f.severity), srv('span', f.message)]) : [], 'config.noFindings'));
    }).catch(notifyError);
  },
};
