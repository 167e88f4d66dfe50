import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type RoomKind = 'group' | 'direct';
export type RoomVisibility = 'public' | 'private';

/** A group room or the one direct room of a pair of users. */
@Entity({ name: 'rooms' })
// Public discovery: equality on visibility, then a prefix range on the lowercased name (C collation,
// so LIKE 'abc%' is an index range), already in (name_key, id) order for the keyset cursor.
@Index('IDX_rooms_discovery', ['visibility', 'nameKey', 'id'])
export class Room {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 8 })
  kind: RoomKind;

  @Column({ type: 'varchar', length: 8, default: 'private' })
  visibility: RoomVisibility;

  /** Null for direct rooms. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  name: string | null;

  /** Lowercased name for case-insensitive prefix search; byte order so prefix LIKE uses the index. */
  @Column({ name: 'name_key', type: 'varchar', length: 100, nullable: true, collation: 'C' })
  nameKey: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  topic: string | null;

  /** The two user ids sorted and joined with ':'; unique, so a pair has one direct room. */
  @Index('UQ_rooms_direct_key', { unique: true })
  @Column({ name: 'direct_key', type: 'varchar', length: 73, nullable: true })
  directKey: string | null;

  /** Highest seq handed out; incremented in the transaction that stores the message. */
  @Column({ name: 'last_seq', type: 'integer', default: 0 })
  lastSeq: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_activity_at', type: 'timestamptz', default: () => 'now()' })
  lastActivityAt: Date;
}
