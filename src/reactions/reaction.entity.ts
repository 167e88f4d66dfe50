import { Entity, PrimaryColumn } from 'typeorm';
import { MessageMarkRow } from '../chat/index.js';

/** One user's reaction with one emoji to one message. */
@Entity({ name: 'message_reactions' })
export class Reaction extends MessageMarkRow {
  @PrimaryColumn({ type: 'varchar', length: 32 }) emoji: string;
}
