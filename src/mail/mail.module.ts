import { Module } from '@nestjs/common';
import { MailService } from './mail.service.js';

/** Outgoing mail: infrastructure below the feature modules. */
@Module({
  providers: [MailService],
  exports: [MailService],
})
export class MailModule {}
