// The desk hears a new critical alarm and sees how many are unacknowledged in the tab's title, whatever view
// it is on: a short tone for a critical alarm not seen before (not for those already open when the page
// opened), and "(n) ‼" in front of the title.
import { formatNumber } from './i18n.js';

const heard = new Set();
let primed = false;

function beep() {
  try {
    const ctx = new (window.AudioContext || window.webkitAudioContext)();
    const o = ctx.createOscillator();
    const g = ctx.createGain();
    o.frequency.value = 880;
    g.gain.value = 0.15;
    o.connect(g).connect(ctx.destination);
    o.start();
    o.stop(ctx.currentTime + 0.4);
  } catch (e) { /* no audio device: the title still counts */ }
}

/** Called with the open alarms each time they are read. */
export function signal(alarms) {
  const critical = alarms.filter(a => a.severity === 'CRITICAL' && a.state === 'ACTIVE');
  let fresh = false;
  for (const a of critical) if (!heard.has(a.id)) { heard.add(a.id); fresh = fresh || primed; }
  primed = true;
  if (fresh) beep();
  const base = document.title.replace(/^\([^)]*\) ‼ /, '');
  document.title = critical.length ? '(' + formatNumber(critical.length) + ') ‼ ' + base : base;
}
