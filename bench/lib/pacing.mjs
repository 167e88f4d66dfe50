// Offers `rate` sends per second for `seconds`, catching up on timer lag so the offered load is exact.
import { performance } from 'node:perf_hooks';

export function paced(rate, seconds, sendOne) {
  const total = Math.round(rate * seconds);
  const started = performance.now();
  let sent = 0;
  return new Promise((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      while (sent < due) sendOne(sent++);
      if (sent >= total) {
        clearInterval(tick);
        resolve(total);
      }
    }, 2);
  });
}
