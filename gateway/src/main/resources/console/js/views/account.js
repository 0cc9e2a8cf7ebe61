// Everyone's own account: the console's language (kept with the user) and a password change.
import { post } from '../api.js';
import { el, msg, srv, field, notify } from '../dom.js';

export default {
  id: 'account', title: 'nav.account', icon: '☺', roles: ['security-desk', 'facilities', 'auditor', 'admin'],
  render(main, ctx) {
    const current = el('input', { id: 'pw-current', type: 'password', autocomplete: 'current-password', required: true });
    const next = el('input', { id: 'pw-new', type: 'password', autocomplete: 'new-password', required: true, minLength: 12 });
    const change = async ev => {
      ev.preventDefault();
      try {
        await post('/api/session/password', { currentPassword: current.value, newPassword: next.value });
        notify('password.changed');
      } catch (e) {
        document.getElementById('notice').replaceChildren(el('p', { class: 'error', role: 'alert' }, msg('span', 'password.failed'), ' ', srv('span', e.message)));
      }
      current.value = next.value = '';
    };
    main.append(msg('h1', 'nav.account'), el('p', {}, msg('span', 'account.login'), ' ', srv('strong', ctx.me.login)), msg('p', 'account.language'),
      msg('h2', 'password.change'), el('form', { class: 'narrow', onsubmit: change }, field('password.current', current), field('password.new', next),
        el('button', { type: 'submit' }, msg('span', 'password.submit'))));
  },
};
