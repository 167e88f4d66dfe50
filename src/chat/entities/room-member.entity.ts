import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../../users/user.entity.js';
import { Room } from './room.entity.js';

export type RoomRole = 'owner' | 'admin' | 'member';
export const ROOM_ROLES: readonly RoomRole[] = ['owner', 'admin', 'member'];

@Entity({ name: 'room_members' })
// A user's rooms (GET /rooms, resume, presence); the primary key serves the room's member list.
@Index('IDX_room_members_user', ['userId'])
export class RoomMember {
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

  @Column({ type: 'varchar', length: 8 })
  role: RoomRole;

  @Column({ name: 'joined_at', type: 'timestamptz', default: () => 'now()' })
  joinedAt: Date;

  /** Never moves back. */
  @Column({ name: 'last_read_seq', type: 'integer', default: 0 })
  lastReadSeq: number;
}
