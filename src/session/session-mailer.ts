import { Inject, Injectable } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import { MailService, type OutgoingMail } from '../mail/mail.service.js';
import { MailQuota } from './mail-quota.js';

/** The session API's mails: what they say and where their links point (`PUBLIC_URL`). */
@Injectable()
export class SessionMailer {
  private readonly publicUrl: string;

  constructor(
    @Inject(MailService) private readonly mail: MailService,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(MailQuota) private readonly quota: MailQuota,
    @Inject(Configuration) config: Configuration,
  ) {
    this.publicUrl = config.of('mail').publicUrl;
  }

  /** True when mails really leave the server. */
  get delivers(): boolean {
    return this.mail.delivers;
  }

  verificationLink(token: string): string {
    return `${this.publicUrl}/session/emailVerify?verifyToken=${encodeURIComponent(token)}`;
  }

  resetLink(token: string): string {
    return `${this.publicUrl}/session/passwordReset/confirm?token=${encodeURIComponent(token)}`;
  }

  sendVerification(to: string, token: string): Promise<void> {
    return this.deliver({
      to,
      subject: 'Verify your p-chat email address',
      text:
        `Open this link to verify your email address and sign in:\n\n${this.verificationLink(token)}\n\n` +
        `The link works once and expires in 24 hours. Verification token: ${token}\n`,
    });
  }

  sendPasswordReset(to: string, token: string): Promise<void> {
    return this.deliver({
      to,
      subject: 'Reset your p-chat password',
      text:
        `Someone asked to reset the password of this p-chat account. If it was you, use this link:\n\n` +
        `${this.resetLink(token)}\n\n` +
        `(your app sends POST /session/passwordReset/confirm {"token","password"}). ` +
        `The token works once and expires in 1 hour. Reset token: ${token}\n` +
        `If you did not ask, ignore this mail: your password stays as it is.\n`,
    });
  }

  /** A failed delivery is logged, never fatal: the user can ask for the mail again. */
  private async deliver(mail: OutgoingMail): Promise<void> {
    if (!(await this.quota.take(mail.to))) {
      this.logger.event('warn', 'mail not sent: hourly quota of the address spent', {
        subject: mail.subject,
      });
      return;
    }
    try {
      await this.mail.send(mail);
    } catch (error) {
      this.logger.event('error', 'mail delivery failed', {
        subject: mail.subject,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
