import { describe, expect, it } from '@jest/globals';
import { loadMailConfig } from './mail.config.js';

describe('mail configuration', () => {
  it('logs mail by default and points links at the local listen port', () => {
    expect(loadMailConfig({})).toEqual({
      smtpUrl: undefined,
      from: 'p-chat <no-reply@localhost>',
      exposeVerificationToken: false,
      publicUrl: 'http://localhost:8080',
    });
    expect(loadMailConfig({ PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
    expect(loadMailConfig({ PUBLIC_URL: 'https://chat.example.com/' }).publicUrl).toBe(
      'https://chat.example.com',
    );
  });

  it('accepts smtp and smtps URLs', () => {
    expect(loadMailConfig({ SMTP_URL: 'smtps://u:p@mail.example.com:465' }).smtpUrl).toBe(
      'smtps://u:p@mail.example.com:465',
    );
    expect(
      loadMailConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', EXPOSE_VERIFICATION_TOKEN: 'true' }),
    ).toMatchObject({
      smtpUrl: 'smtp://127.0.0.1:2525',
      exposeVerificationToken: true,
    });
  });

  it.each([
    [{ SMTP_URL: 'http://mail.example.com' }, 'SMTP_URL'],
    [{ SMTP_URL: 'not a url' }, 'SMTP_URL'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ EXPOSE_VERIFICATION_TOKEN: 'maybe' }, 'EXPOSE_VERIFICATION_TOKEN'],
  ])('refuses %p naming the variable', (env, name) => {
    expect(() => loadMailConfig(env)).toThrow(name);
  });
});
