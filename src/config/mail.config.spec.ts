import { describe, expect, it } from '@jest/globals';
import { loadMailConfig } from './mail.config.js';

describe('mail configuration', () => {
  it('logs mail by default and points links at the local listen port', () => {
    expect(loadMailConfig({})).toEqual({
      transport: 'log',
      smtpUrl: undefined,
      from: 'p-chat <no-reply@localhost>',
      exposeVerificationToken: true,
      publicUrl: 'http://localhost:8080',
    });
    expect(loadMailConfig({ PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
    expect(loadMailConfig({ PUBLIC_URL: 'https://chat.example.com/' }).publicUrl).toBe(
      'https://chat.example.com',
    );
  });

  it('refuses production without SMTP_URL unless MAIL_TRANSPORT=log is explicit', () => {
    expect(() => loadMailConfig({ NODE_ENV: 'production' })).toThrow(/SMTP_URL is required in production/);
    expect(() => loadMailConfig({ NODE_ENV: 'production', MAIL_TRANSPORT: 'smtp' })).toThrow(/SMTP_URL/);
    expect(loadMailConfig({ NODE_ENV: 'production', MAIL_TRANSPORT: 'log' })).toMatchObject({
      transport: 'log',
      exposeVerificationToken: false,
    });
    expect(() => loadMailConfig({ MAIL_TRANSPORT: 'carrier-pigeon' })).toThrow(/MAIL_TRANSPORT/);
  });

  it('never exposes the verification token in production', () => {
    expect(
      loadMailConfig({
        NODE_ENV: 'production',
        SMTP_URL: 'smtp://127.0.0.1:2525',
        EXPOSE_VERIFICATION_TOKEN: 'true',
      }).exposeVerificationToken,
    ).toBe(false);
    expect(loadMailConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' }).exposeVerificationToken).toBe(false);
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
