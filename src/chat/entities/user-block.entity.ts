import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../../users/user.entity.js';

/** "`blocker` blocks `blocked`" (API.md §5 Blocking): one row per pair and direction. */
@Entity({ name: 'user_blocks' })
// Who blocks a sender: the check where a direct message is stored looks it up by the blocked user.
@Index('IDX_user_blocks_blocked', ['blockedId'])
export class UserBlock {
  @PrimaryColumn({ name: 'blocker_id', type: 'uuid' })
  blockerId: string;

  @PrimaryColumn({ name: 'blocked_id', type: 'uuid' })
  blockedId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'blocker_id' })
  blocker?: Relation<User>;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'blocked_id' })
  blocked?: Relation<User>;

  @Column({ name: 'blocked_at', type: 'timestamptz', default: () => 'now()' })
  blockedAt: Date;
}
