import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../../users/user.entity.js';
import { Room } from './room.entity.js';

/** A user kept out of a room (API.md §5 bans); the primary key serves the room's ban list and the join check. */
@Entity({ name: 'room_bans' })
export class RoomBan {
  @PrimaryColumn({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id' })
  room?: Relation<Room>;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  /** Who banned; null once that account is gone. */
  @Column({ name: 'banned_by', type: 'uuid', nullable: true })
  bannedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'banned_by' })
  banner?: Relation<User>;

  @Column({ name: 'banned_at', type: 'timestamptz', default: () => 'now()' })
  bannedAt: Date;
}
