import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

/** A live instance (FANOUT=postgres presence): its connection counts count until `expires_at`. */
@Entity({ name: 'presence_instances' })
export class PresenceInstance {
  @PrimaryColumn({ name: 'instance_id', type: 'uuid' })
  instanceId: string;

  /** Renewed by the instance's heartbeat, on the database clock. */
  @Index('IDX_presence_instances_expires_at')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}

/**
 * How many connections a user has open on one instance; removed at 0 and with its instance. No foreign
 * key to users: rows live seconds to hours and presence must not depend on the users module's tables.
 */
@Entity({ name: 'presence_connections' })
@Index('IDX_presence_connections_user', ['userId'])
export class PresenceConnection {
  @PrimaryColumn({ name: 'instance_id', type: 'uuid' })
  instanceId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => PresenceInstance, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'instance_id' })
  instance?: Relation<PresenceInstance>;

  @Column({ type: 'integer' })
  connections: number;
}
