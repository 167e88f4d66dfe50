import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import nodemailer, { type Transporter } from 'nodemailer';
import { JsonLogger } from '../common/logging/json-logger.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends mail over SMTP when `SMTP_URL` is set. Without it (development) the whole mail — link and
 * token included — is written to the log: the one sanctioned exception to "no tokens in logs".
 */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly transport: Transporter | undefined;
  private readonly from: string;

  constructor(
    @Inject(Configuration) config: Configuration,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {
    const mail = config.of('mail');
    this.from = mail.from;
    this.transport = mail.smtpUrl ? nodemailer.createTransport(mail.smtpUrl) : undefined;
    if (!this.transport && config.of('app').production) {
      logger.event('warn', 'MAIL_TRANSPORT=log in production: mails, with their tokens, go to the log');
    }
  }

  /** True when mails really leave the server (so tokens must not be echoed in responses). */
  get delivers(): boolean {
    return this.transport !== undefined;
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (!this.transport) {
      this.logger.event('info', 'mail not sent (MAIL_TRANSPORT=log)', { ...mail });
      return;
    }
    await this.transport.sendMail({ from: this.from, ...mail });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
