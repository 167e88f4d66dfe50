// Issue 13's targets: each scenario records the ones it measures, and the run ends with one line per
// target — what was measured, against what, and whether it is met.
import { fmt } from './stats.mjs';

const checked = [];

/** `measured`: a number (shown with `unit`) or a text; `met`: the verdict. */
export function checkTarget(target, measured, met, unit = '') {
  const shown = typeof measured === 'number' ? `${fmt(measured)}${unit}` : String(measured);
  checked.push({ target, shown, met: Boolean(met) });
}

export function printTargets() {
  if (checked.length === 0) return;
  console.log('\nissue 13 targets (this run):');
  const width = Math.max(...checked.map((c) => c.target.length));
  for (const { target, shown, met } of checked) {
    console.log(`  ${target.padEnd(width)}  ${shown.padStart(22)}  ${met ? 'met' : 'NOT met'}`);
  }
  const missed = checked.filter((c) => !c.met).length;
  console.log(`  ${checked.length - missed} of ${checked.length} met`);
}
