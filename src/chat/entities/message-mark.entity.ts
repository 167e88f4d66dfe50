import { CreateDateColumn, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * The columns MessageMarks reads and writes: a module's mark entity extends this with its own primary
 * column (the mark), and its migration creates the table with the key (message_id, user_id, mark),
 * which also serves "this user's marks on this message".
 */
export abstract class MessageMarkRow {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' }) messageId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @ManyToOne('Message', { onDelete: 'CASCADE' }) @JoinColumn({ name: 'message_id' }) message?: object;
  @ManyToOne('User', { onDelete: 'CASCADE' }) @JoinColumn({ name: 'user_id' }) user?: object;
}
