// The console's entry: who is logged in, the navigation their roles allow, the degraded-state banner and a
// small router by hash (#/feed, #/person/p-alice …) with one module per view.
import { get, post, put, del, onSessionLost } from './api.js';
import { el, msg, srv, button, field, notifyError } from './dom.js';
import { t, setLanguage, initialLanguage, setSiteZone, siteZone, LANGUAGES, language } from './i18n.js';
import { VIEWS } from './views/index.js';
import * as banner from './banner.js';

const state = { me: null, cleanup: null, site: null };

function fillStatic() {
  for (const e of document.querySelectorAll('[data-k]')) {
    if (e.closest('#main') || e.closest('#nav')) continue;
    e.textContent = t(e.dataset.k);
  }
  document.title = t('app.title');
  document.getElementById('nav').setAttribute('aria-label', t('app.nav'));
}

function allowed(view) {
  return state.me && !state.me.mustChangePassword && view.roles.some(r => state.me.roles.includes(r));
}

function nav() {
  const list = el('ul', {});
  for (const v of VIEWS.filter(v => !v.hidden && allowed(v))) {
    const current = location.hash.split('/')[1] === v.id;
    list.append(el('li', {}, el('a', { href: '#/' + v.id, 'aria-current': current ? 'page' : null, 'data-view': v.id },
      el('span', { class: 'icon', 'aria-hidden': 'true' }, v.icon), msg('span', v.title))));
  }
  document.getElementById('nav').replaceChildren(list);
}

function who() {
  const box = document.getElementById('who');
  const lang = el('select', { id: 'language', 'aria-label': t('app.language'), onchange: ev => changeLanguage(ev.target.value) },
    LANGUAGES.map(l => el('option', { value: l, selected: l === language() }, t('lang.' + l))));
  const parts = [el('label', { for: 'language', class: 'sr-only' }, msg('span', 'app.language')), lang];
  if (state.me) {
    parts.unshift(srv('span', state.me.login, { id: 'user' }), ' ',
      el('span', { class: 'roles' }, state.me.roles.map(r => msg('span', 'role.' + r, null, { class: 'role' }))));
    parts.push(button('app.logout', logout, { id: 'logout' }));
  }
  box.replaceChildren(...parts);
  const z = document.getElementById('zone');
  z.replaceChildren(msg('span', 'app.siteZone'), ' ', srv('strong', siteZone()), state.site ? ' · ' : '', state.site ? srv('span', state.site) : '');
}

async function changeLanguage(l) {
  setLanguage(l);
  if (state.me) {
    try { await put('/api/session/locale', { locale: l }); state.me.locale = l; } catch (e) { notifyError(e); }
  }
  fillStatic();
  who();
  route();
}

async function logout() {
  try { await del("/api/session"); } catch (e) { /* the session is gone either way */ }
  state.me = null;
  banner.stop();
  showLogin();
}


function showLogin(errorText) {
  cleanupView();
  state.me = null;
  nav();
  who();
  const login = el('input', { name: 'login', autocomplete: 'username', required: true });
  const password = el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = el('p', { id: 'login-error', class: 'error', role: 'alert' });
  if (errorText) error.append(srv('span', errorText));
  const form = el('form', { id: 'login', class: 'narrow', onsubmit: async ev => {
    ev.preventDefault();
    try {
      await post('/api/session', { login: login.value, password: password.value });
      password.value = '';
      await start();
    } catch (e) {
      password.value = '';
      error.replaceChildren(msg('span', e.status === 429 ? 'login.throttled' : 'login.failed'));
    }
  } }, msg('h1', 'login.title'), field('login.login', login), field('login.password', password),
  el('button', { type: 'submit' }, msg('span', 'login.submit')), error);
  document.getElementById('main').replaceChildren(form);
  login.focus();
}

function showPasswordChange() {
  cleanupView();
  nav();
  const current = el('input', { type: 'password', autocomplete: 'current-password', required: true });
  const next = el('input', { type: 'password', autocomplete: 'new-password', required: true, minLength: 12 });
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { id: 'password', class: 'narrow', onsubmit: async ev => {
    ev.preventDefault();
    try {
      await post('/api/session/password', { currentPassword: current.value, newPassword: next.value });
      current.value = next.value = '';
      await start();
    } catch (e) {
      current.value = next.value = '';
      error.replaceChildren(msg('span', 'password.failed'), ' ', srv('span', e.message));
    }
  } }, msg('h1', 'password.title'), msg('p', 'password.why'), field('password.current', current), field('password.new', next),
  el('button', { type: 'submit' }, msg('span', 'password.submit')), error);
  document.getElementById('main').replaceChildren(form);
  current.focus();
}

function cleanupView() {
  if (state.cleanup) { try { state.cleanup(); } catch (e) { /* a view that fails to stop must not stop the next one */ } }
  state.cleanup = null;
}

function route() {
  if (!state.me) { showLogin(); return; }
  if (state.me.mustChangePassword) { showPasswordChange(); return; }
  const [, id, ...rest] = (location.hash || '#/').split('/');
  const mine = VIEWS.filter(allowed);
  const view = mine.find(v => v.id === id);
  if (!view) {
    const first = mine.find(v => !v.hidden);
    if (first && id !== first.id) { location.replace('#/' + first.id); return; }
  }
  cleanupView();
  nav();
  const main = document.getElementById('main');
  document.getElementById('notice').replaceChildren();
  if (!view) { main.replaceChildren(msg('h1', 'app.noView')); return; }
  main.replaceChildren();
  main.dataset.view = view.id;
  document.title = t(view.title) + ' — ' + t('app.title');
  const ctx = { me: state.me, args: rest.map(decodeURIComponent), go: hash => { location.hash = hash; }, roles: state.me.roles };
  try {
    state.cleanup = view.render(main, ctx) || null;
  } catch (e) { notifyError(e); }
  main.focus({ preventScroll: true });
}

async function start() {
  try {
    state.me = await get('/api/session');
  } catch (e) {
    state.me = null;
    showLogin();
    return;
  }
  if (state.me.locale) setLanguage(state.me.locale);
  try {
    const s = await get('/api/state');
    setSiteZone(s.siteTimeZone || 'UTC');
    state.site = s.siteName;
  } catch (e) { setSiteZone('UTC'); }
  fillStatic();
  who();
  banner.start(state.me);
  route();
}

onSessionLost(() => { if (state.me) { state.me = null; banner.stop(); showLogin(); } });
window.addEventListener('hashchange', route);
setLanguage(initialLanguage());
fillStatic();
start();
