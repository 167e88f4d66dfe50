// At most a few account mails per address per hour, whoever asks: the rate limits count requests per
// minute, this bounds what one address receives (and what the SMTP account sends on a stranger's behalf).
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { RATE_LIMIT_STORAGE } from '../auth/rate-limit/in-memory-rate-limit.storage.js';

export const MAILS_PER_ADDRESS_PER_HOUR = 5;
const HOUR_MS = 3_600_000;

@Injectable()
export class MailQuota {
  constructor(@Inject(RATE_LIMIT_STORAGE) private readonly storage: ThrottlerStorage) {}

  /** Takes one mail of the address's hourly quota; false when it is spent (the mail is not sent). */
  async take(address: string): Promise<boolean> {
    const digest = createHash('sha256').update(address.trim().toLowerCase(), 'utf8').digest('hex');
    const record = await this.storage.increment(
      `mail:${digest}`,
      HOUR_MS,
      MAILS_PER_ADDRESS_PER_HOUR,
      0,
      'mail',
    );
    return !record.isBlocked;
  }
}
