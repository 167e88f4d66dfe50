import { registerAs } from '@nestjs/config';
import { parseListenAddress } from './app.config.js';
import { readBoolean, readString, readUrl, type Env } from './env.js';

export interface MailConfig {
  /** Unset: mails are written to the log instead of sent (a development setting). */
  smtpUrl: string | undefined;
  from: string;
  /** Keep `VerificationToken` in /session/register responses even when mails are really sent. */
  exposeVerificationToken: boolean;
  /** Base URL the links in mails point to (no trailing slash). */
  publicUrl: string;
}

export function loadMailConfig(env: Env): MailConfig {
  const { port } = parseListenAddress(env);
  const publicUrl = readUrl(env, 'PUBLIC_URL', ['http', 'https']) ?? `http://localhost:${port}`;
  return {
    smtpUrl: readUrl(env, 'SMTP_URL', ['smtp', 'smtps']),
    from: readString(env, 'MAIL_FROM', 'p-chat <no-reply@localhost>') as string,
    exposeVerificationToken: readBoolean(env, 'EXPOSE_VERIFICATION_TOKEN', false),
    publicUrl: publicUrl.replace(/\/+$/, ''),
  };
}

export const mailConfig = registerAs('mail', () => loadMailConfig(process.env));
