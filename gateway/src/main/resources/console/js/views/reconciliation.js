// Reconciliations (run, list, open, download): the reconciliation work fills this view; until then it says so.
import { el, msg } from '../dom.js';

export default {
  id: 'reconciliation', title: 'nav.reconciliation', icon: '⚖', roles: ['auditor'],
  render(main) {
    main.append(msg('h1', 'nav.reconciliation'), el('div', { class: 'empty-state', id: 'reconciliation-empty' },
      msg('p', 'recon.empty'), msg('p', 'recon.later')));
  },
};
