import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A fan-out event too large for NOTIFY's 8000-byte payload (FANOUT=postgres): the notification carries
 * the row id and receivers load it. Rows are only needed for a moment and are swept after minutes.
 */
@Entity({ name: 'fanout_payloads' })
@Index('IDX_fanout_payloads_created_at', ['createdAt'])
export class FanoutPayload {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  payload: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
