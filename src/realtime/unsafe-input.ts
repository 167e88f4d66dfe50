// The WebSocket side of the edge check in common/input/text-safety.ts: an unsafe frame gets an `error`
// frame and the connection stays open; an unsafe path parameter refuses the upgrade with 400.
import { findUnsafeInput, MAX_JSON_DEPTH, type UnsafeInput } from '../common/input/text-safety.js';
import type { WireError } from './frames.js';
import { UpgradeRejection } from './upgrade.js';

export function wsUnsafeInputError(unsafe: UnsafeInput): WireError {
  if (unsafe.kind === 'too_deep')
    return { code: 'BAD_FRAME', message: `frame nested deeper than ${MAX_JSON_DEPTH} levels` };
  return {
    code: 'VALIDATION_FAILED',
    message: `${unsafe.field}: ${unsafe.problem}`,
    details: [{ field: unsafe.field, problems: [unsafe.problem] }],
  };
}

export function unsafeParamsRejection(params: Record<string, string>): UpgradeRejection | undefined {
  const unsafe = findUnsafeInput(params, 'path');
  if (!unsafe || unsafe.kind !== 'bad_text') return undefined;
  return new UpgradeRejection(400, 'VALIDATION_FAILED', `${unsafe.field}: ${unsafe.problem}`);
}
