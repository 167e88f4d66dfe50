import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../../users/user.entity.js';
import { Room } from './room.entity.js';

/** The predicate of IDX_messages_room_edits; queries that want that index repeat it verbatim. */
export const MESSAGE_WAS_CHANGED = '"edited_at" IS NOT NULL OR "deleted_at" IS NOT NULL';

@Entity({ name: 'messages' })
// History, resume and unread counts are all range scans on (room_id, seq).
@Index('UQ_messages_room_seq', ['roomId', 'seq'], { unique: true })
// Idempotent sends; NULL client_ids never collide.
@Index('UQ_messages_room_sender_client', ['roomId', 'senderId', 'clientId'], { unique: true })
// The sync cursor: what changed in a room after a position is a range scan on (room_id, change_seq).
@Index('IDX_messages_room_change', ['roomId', 'changeSeq'])
// Resume's "edited or deleted since": only rows that were ever edited or deleted, so a client that saw
// thousands of new messages since its cursor costs a scan of the few edits, not of every insert.
@Index('IDX_messages_room_edits', ['roomId', 'changeSeq'], { where: MESSAGE_WAS_CHANGED })
export class Message {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id' })
  room?: Relation<Room>;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ name: 'sender_id', type: 'uuid' })
  senderId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sender_id' })
  sender?: Relation<User>;

  /** Null once deleted (a tombstone keeps its seq). */
  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ name: 'client_id', type: 'varchar', length: 64, nullable: true })
  clientId: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', default: () => 'now()' })
  sentAt: Date;

  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  /**
   * The change position: drawn from `message_change_seq` (through `message_change_position()`, see the
   * MessageChanges migration) by the insert and by every edit and delete. A bigint, read as a string.
   */
  @Column({ name: 'change_seq', type: 'bigint', default: () => 'message_change_position()' })
  changeSeq: string;
}
