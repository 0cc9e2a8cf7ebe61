// The one message catalogue (messages.js) and the formats: every visible string goes through t(); dates and
// numbers through Intl in the user's language; every time in the SITE's time zone (GET /api/state), with UTC
// on hover, whatever the browser's own zone.
import { MESSAGES } from './messages.js';

let lang = 'en';
let zone = 'UTC';
const missing = new Set();

export const LANGUAGES = ['en', 'ja'];

export function language() { return lang; }
export function siteZone() { return zone; }

/** Chooses the language (en or ja); remembered in this browser for the login page (the user's choice is kept by the server). */
export function setLanguage(l) {
  lang = MESSAGES[l] ? l : 'en';
  document.documentElement.lang = lang;
  try { localStorage.setItem('ck.lang', lang); } catch (e) { /* private mode: the server remembers */ }
}

/** The language this browser last used (before anyone logs in), else the browser's preference. */
export function initialLanguage() {
  let l = null;
  try { l = localStorage.getItem('ck.lang'); } catch (e) { l = null; }
  if (!l) l = (navigator.language || 'en').toLowerCase().startsWith('ja') ? 'ja' : 'en';
  return l;
}

export function setSiteZone(z) {
  try { new Intl.DateTimeFormat('en', { timeZone: z }); zone = z; } catch (e) { zone = 'UTC'; }
}

/** The catalogue's text for key, with {name} replaced by params.name. A missing key shows ⟦key⟧ (tests look for it). */
export function t(key, params) {
  let s = MESSAGES[lang][key];
  if (s === undefined) {
    if (!missing.has(lang + ':' + key)) { missing.add(lang + ':' + key); console.error('missing message ' + lang + ':' + key); }
    s = '⟦' + key + '⟧';
  }
  if (params) s = s.replace(/\{(\w+)\}/g, (m, n) => (params[n] === undefined || params[n] === null ? '' : String(params[n])));
  return s;
}

/** Whether the catalogue has key (for enum values from the server: a state, a severity, an event type). */
export function has(key) { return MESSAGES[lang][key] !== undefined; }

const locales = { en: 'en-GB', ja: 'ja-JP' };

/** An ISO instant as a date and time in the site's zone, in the user's language. */
export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return '';
  return new Intl.DateTimeFormat(locales[lang], { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(d);
}

export function formatNumber(n) {
  return n === null || n === undefined ? '' : new Intl.NumberFormat(locales[lang]).format(n);
}

/** A <time> in the site's zone, with the instant in UTC on hover. */
export function timeNode(iso) {
  const e = document.createElement('time');
  if (!iso) return e;
  e.dateTime = iso;
  e.title = 'UTC ' + new Date(iso).toISOString().replace('.000Z', 'Z');
  e.textContent = formatTime(iso);
  return e;
}

/** A datetime-local input's value (site zone) as an ISO instant: the offset of the site zone at that wall time. */
export function siteLocalToIso(value) {
  if (!value) return null;
  const [date, time] = value.split('T');
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = (time || '00:00').split(':').map(Number);
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const offset = zoneOffset(guess);
  return new Date(guess - offset).toISOString();
}

/** An ISO instant as a datetime-local value in the site zone. */
export function isoToSiteLocal(iso) {
  const ms = new Date(iso).getTime() + zoneOffset(new Date(iso).getTime());
  return new Date(ms).toISOString().slice(0, 16);
}

function zoneOffset(utcMs) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(utcMs));
  const v = Object.fromEntries(parts.map(p => [p.type, p.value]));
  const asUtc = Date.UTC(+v.year, +v.month - 1, +v.day, +v.hour % 24, +v.minute, +v.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}
