// Building the page without HTML strings: every text goes in as textContent, so a name or a sentence from
// the server can never become markup or script (and the CSP allows no inline script anyway).
import { t } from './i18n.js';

/** An element with attributes (class, data-*, aria-*, on<event> handlers) and children (nodes or text). */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k in e && typeof v !== 'string') e[k] = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** A catalogue string in an element, marked with its key (the Japanese check reads the marks). */
export function msg(tag, key, params, attrs) {
  return el(tag, Object.assign({ 'data-k': key }, attrs || {}), t(key, params));
}

/** Text that came from the server (a name, an id, a sentence): shown as is, marked as data, never translated. */
export function srv(tag, text, attrs) {
  return el(tag, Object.assign({ 'data-server': '' }, attrs || {}), text === null || text === undefined ? '' : String(text));
}

/** A button with a catalogue label and an optional icon (a word always goes with it: never an icon alone). */
export function button(key, onclick, attrs) {
  return el('button', Object.assign({ type: 'button', onclick }, attrs || {}), msg('span', key));
}

/** A table from column keys and rows of cells (nodes); an empty state message when there are none. */
export function table(columns, rows, emptyKey, attrs) {
  const head = el('tr', {}, columns.map(c => el('th', { scope: 'col' }, c ? msg('span', c) : '')));
  const body = el('tbody', {});
  if (!rows.length) body.append(el('tr', {}, el('td', { colSpan: columns.length, class: 'empty' }, msg('span', emptyKey || 'common.none'))));
  for (const r of rows) body.append(r instanceof Node ? r : el('tr', {}, r.map(c => el('td', {}, c))));
  return el('div', { class: 'table-wrap' }, el('table', attrs || {}, el('thead', {}, head), body));
}

/** A labelled form field; the label from the catalogue. */
export function field(key, input) {
  if (!input.id) input.id = 'f-' + Math.random().toString(36).slice(2, 9);
  return el('div', { class: 'field' }, el('label', { for: input.id }, msg('span', key)), input);
}

/** A status word with its icon (forced, held, offline …): a word and a shape, not a colour alone. */
export function badge(kind, key) {
  return el('span', { class: 'badge ' + kind }, el('span', { class: 'icon', 'aria-hidden': 'true' }, ICONS[kind] || '•'), msg('span', key));
}

const ICONS = { ok: '✔', bad: '✖', warn: '▲', info: 'ℹ', off: '⏻', crit: '‼' };

/** A polite live region that says what just happened (and errors, assertively). */
export function notify(key, params, error) {
  const box = document.getElementById('notice');
  box.replaceChildren(el('p', { class: error ? 'error' : 'ok', role: error ? 'alert' : 'status' }, msg('span', key, params)));
}

/** An error the server answered: its message is server text; the frame around it is ours. */
export function notifyError(err) {
  const box = document.getElementById('notice');
  box.replaceChildren(el('p', { class: 'error', role: 'alert' }, msg('span', 'common.failed'), ' ', srv('span', err && err.message)));
}
