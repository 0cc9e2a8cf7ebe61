// The site's threat level (NORMAL, ELEVATED, LOCKDOWN: a lockdown refuses every badge the threat rules do not
// allow) with a reason and a confirmation step before anything changes.
import { get, post } from '../api.js';
import { el, msg, badge, field, button, notify, notifyError } from '../dom.js';
import { t } from '../i18n.js';
import { refreshNow } from '../banner.js';

const LEVELS = ['NORMAL', 'ELEVATED', 'LOCKDOWN'];

export default {
  id: 'threat', title: 'nav.threat', icon: '◆', roles: ['security-desk'],
  render(main) {
    const now = el('p', { id: 'threat-now' });
    const level = el('select', { id: 'threat-level' }, LEVELS.map(l => el('option', { value: l }, t('threat.' + l))));
    const reason = el('input', { id: 'threat-reason', required: true, maxLength: 500 });
    const confirmBox = el('div', { id: 'threat-confirm', hidden: true, role: 'alertdialog', 'aria-labelledby': 'threat-confirm-text' });
    const load = async () => {
      try {
        const s = await get('/api/state');
        now.replaceChildren(msg('span', 'threat.current'), ' ', badge(s.threatLevel === 'NORMAL' ? 'ok' : 'crit', 'threat.' + s.threatLevel),
          s.fireAlarm ? badge('crit', 'banner.fire') : '');
        level.value = s.threatLevel;
      } catch (e) { notifyError(e); }
    };
    const ask = ev => {
      ev.preventDefault();
      if (!reason.value.trim()) { notify('threat.reasonRequired', null, true); reason.focus(); return; }
      const yes = button('threat.confirm', async () => {
        try {
          await post('/api/threat-level', { level: level.value, reason: reason.value.trim() });
          confirmBox.hidden = true;
          reason.value = '';
          notify('threat.set');
          load();
          refreshNow();
        } catch (e) { notifyError(e); }
      }, { id: 'threat-yes', class: level.value === 'LOCKDOWN' ? 'danger' : '' });
      const no = button('common.cancel', () => { confirmBox.hidden = true; level.focus(); }, { id: 'threat-no' });
      confirmBox.replaceChildren(el('p', { id: 'threat-confirm-text' }, msg('span', 'threat.really', { level: t('threat.' + level.value) })), yes, ' ', no);
      confirmBox.hidden = false;
      yes.focus();
    };
    main.append(msg('h1', 'nav.threat'), now, el('form', { class: 'narrow', onsubmit: ask }, field('threat.level', level), field('threat.reason', reason),
      el('button', { type: 'submit', id: 'threat-set' }, msg('span', 'threat.change'))), confirmBox);
    load();
  },
};
