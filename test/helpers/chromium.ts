// Debian's chromium driven by playwright-core, for the browser suites (STACK.md: the flags keep a
// headless Chromium off the closed network). Without /usr/bin/chromium a suite reports itself skipped,
// and fails under CI=true (.ci/run installs it).
import { existsSync } from 'node:fs';
import { describe, it } from '@jest/globals';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const chromiumAvailable = existsSync(CHROMIUM);

/** `describe`, or `describe.skip` without chromium (and a failing test in its place under CI=true). */
export function describeWithChromium(name: string, suite: () => void): void {
  if (!chromiumAvailable && process.env.CI === 'true') {
    describe(name, () => {
      it('needs Debian chromium at /usr/bin/chromium (.ci/run installs it)', () => {
        throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
      });
    });
  }
  (chromiumAvailable ? describe : describe.skip)(name, suite);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
}
