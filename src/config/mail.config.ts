import { registerAs } from '@nestjs/config';
import { parseListenAddress } from './app.config.js';
import { ConfigError, readBoolean, readEnum, readString, readUrl, type Env } from './env.js';

/** `smtp`: sent through SMTP_URL; `log`: written to the log, link and token included (development). */
export type MailTransport = 'smtp' | 'log';

export interface MailConfig {
  transport: MailTransport;
  /** Set when transport is `smtp`. */
  smtpUrl: string | undefined;
  from: string;
  /**
   * Return `VerificationToken` from /session/register: when mails are only logged, or with
   * EXPOSE_VERIFICATION_TOKEN; never in production (the token proves control of the mailbox).
   */
  exposeVerificationToken: boolean;
  /** Base URL the links in mails point to (no trailing slash). */
  publicUrl: string;
}

/**
 * In production mail must really leave (SMTP_URL), unless MAIL_TRANSPORT=log says otherwise explicitly:
 * the default of "log" is only implicit outside production.
 */
export function loadMailConfig(env: Env): MailConfig {
  const { port } = parseListenAddress(env);
  const publicUrl = readUrl(env, 'PUBLIC_URL', ['http', 'https']) ?? `http://localhost:${port}`;
  const smtpUrl = readUrl(env, 'SMTP_URL', ['smtp', 'smtps']);
  const production = env.NODE_ENV === 'production';
  const transport = readEnum<MailTransport>(
    env,
    'MAIL_TRANSPORT',
    ['smtp', 'log'],
    smtpUrl !== undefined || production ? 'smtp' : 'log',
  );
  if (transport === 'smtp' && smtpUrl === undefined) {
    throw new ConfigError(
      'SMTP_URL',
      production
        ? 'is required in production (or set MAIL_TRANSPORT=log to write mails, tokens included, to the log)'
        : 'is required with MAIL_TRANSPORT=smtp',
    );
  }
  const exposeRequested = readBoolean(env, 'EXPOSE_VERIFICATION_TOKEN', false);
  return {
    transport,
    smtpUrl: transport === 'smtp' ? smtpUrl : undefined,
    from: readString(env, 'MAIL_FROM', 'p-chat <no-reply@localhost>') as string,
    exposeVerificationToken: !production && (transport === 'log' || exposeRequested),
    publicUrl: publicUrl.replace(/\/+$/, ''),
  };
}

export const mailConfig = registerAs('mail', () => loadMailConfig(process.env));
