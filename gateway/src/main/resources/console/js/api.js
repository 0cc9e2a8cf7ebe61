// Calls to the gateway's API: JSON in and out, the CSRF cookie echoed in X-CSRF-Token on every write
// (the session cookie itself is HttpOnly: the page never sees it), a lost session sends back to login.
export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

const csrf = () => {
  const c = document.cookie.split('; ').find(x => x.startsWith('ck_csrf=') || x.startsWith('__Host-ck_csrf='));
  return c ? c.slice(c.indexOf('=') + 1) : '';
};

let onLost = () => {};
/** What to do when the server says the session is gone (401). */
export function onSessionLost(f) { onLost = f; }

export async function call(method, path, body, contentType) {
  const headers = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf();
  let payload;
  if (body !== undefined) {
    headers['content-type'] = contentType || 'application/json';
    payload = contentType ? body : JSON.stringify(body);
  }
  const r = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (r.status === 401 && path !== '/api/session') onLost();
  if (!r.ok && !(r.status === 503 && path === '/api/health')) {
    const err = new ApiError(r.status, json && json.error ? json.error : 'HTTP ' + r.status);
    err.body = json;
    throw err;
  }
  return json;
}

export const get = path => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);
export const put = (path, body) => call('PUT', path, body);
export const patch = (path, body) => call('PATCH', path, body);
export const del = path => call('DELETE', path);

/** A query string from the members that are set. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}
