import { CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** One user's reaction with one emoji to one message; the key also serves "this user's on this message". */
@Entity({ name: 'message_reactions' })
export class Reaction {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' }) messageId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @PrimaryColumn({ type: 'varchar', length: 32 }) emoji: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @ManyToOne('Message', { onDelete: 'CASCADE' }) @JoinColumn({ name: 'message_id' }) message?: object;
  @ManyToOne('User', { onDelete: 'CASCADE' }) @JoinColumn({ name: 'user_id' }) user?: object;
}
