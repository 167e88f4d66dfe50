import { describe, expect, it } from '@jest/globals';
import { originPolicy } from './origin-policy.js';

describe('originPolicy', () => {
  it('allows any origin in development when unset', () => {
    expect(originPolicy(undefined, false)('https://evil.example', 'chat.example')).toBe(true);
  });

  it('allows only the same host in production when unset', () => {
    const allowed = originPolicy(undefined, true);
    expect(allowed('https://chat.example', 'chat.example')).toBe(true);
    expect(allowed('https://CHAT.example', 'chat.example')).toBe(true);
    expect(allowed('https://evil.example', 'chat.example')).toBe(false);
    expect(allowed('null', 'chat.example')).toBe(false);
  });

  it('allows listed origins only, compared as origins', () => {
    const allowed = originPolicy(['https://chat.example', 'http://localhost:3000'], true);
    expect(allowed('https://chat.example', 'x')).toBe(true);
    expect(allowed('https://chat.example/', 'x')).toBe(true);
    expect(allowed('http://localhost:3000', 'x')).toBe(true);
    expect(allowed('http://localhost:3001', 'x')).toBe(false);
    expect(allowed('https://evil.example', 'chat.example')).toBe(false);
  });

  it('allows a missing Origin (non-browser client) under every policy', () => {
    expect(originPolicy(['https://chat.example'], true)(undefined, 'x')).toBe(true);
    expect(originPolicy(undefined, true)(undefined, 'x')).toBe(true);
  });

  it('treats * as any origin', () => {
    expect(originPolicy(['*'], true)('https://evil.example', 'x')).toBe(true);
  });
});
