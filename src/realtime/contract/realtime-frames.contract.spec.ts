import { describe, expect, it } from '@jest/globals';
import { CloseCode } from '../frames.js';
import { CLOSE_CODES, upgradeRefusals } from './realtime-frames.contract.js';

describe('the transport contract', () => {
  it('documents every close code the server sends', () => {
    const documented = CLOSE_CODES.map((entry) => entry.code);
    for (const code of Object.values(CloseCode)) expect(documented).toContain(code);
  });

  it('documents the refusal statuses of API.md §2 and §6 on both protocols', () => {
    for (const flash of [true, false]) {
      expect(upgradeRefusals(flash).map((refusal) => refusal.status)).toEqual(
        expect.arrayContaining([400, 401, 403, 404, 429, 503]),
      );
    }
  });
});
