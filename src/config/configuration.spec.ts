import { describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { MailConfig } from './mail.config.js';
import { Configuration } from './configuration.js';

describe('Configuration', () => {
  const mail = { from: 'p-chat <no-reply@localhost>' } as MailConfig;
  const config = new Configuration({
    getOrThrow: (key: string) => {
      if (key !== 'mail') throw new Error(`no namespace ${key}`);
      return mail;
    },
  } as unknown as ConfigService);

  it('reads a namespace by its key, typed by it', () => {
    const read: MailConfig = config.of('mail');
    expect(read).toBe(mail);
  });

  it('does not compile a key that is not a namespace, or another namespace’s type', () => {
    // `npm run check` type-checks these lines: each must be an error for it to pass.
    // @ts-expect-error — not a namespace
    expect(() => config.of('mial')).toThrow();
    // @ts-expect-error — the `mail` namespace is not an AuthConfig
    const wrong: { jwtSecret: string } = config.of('mail');
    expect(wrong).toBe(mail);
  });
});
