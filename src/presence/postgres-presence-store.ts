// FANOUT=postgres presence: `presence_connections` (instance, user, connections) and
// `presence_instances` (instance, expires_at on the database clock). A count counts while its instance
// has not expired. Decisions about one user are serialised by a transaction-scoped advisory lock on
// the user, taken before reading, so two instances changing the same user never both see a transition.
import type { DataSource, EntityManager } from 'typeorm';
import type { GlobalPresenceChange, PresenceStore } from './presence-store.js';

/** First key of the advisory locks ('pres'): keeps them apart from any other advisory lock user. */
const LOCK_CLASS = 0x70726573;

const LIVE_COUNTS = `presence_connections c
  JOIN presence_instances i ON i.instance_id = c.instance_id AND i.expires_at > now()`;

export class PostgresPresenceStore implements PresenceStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly instanceId: string,
  ) {}

  setCount(userId: string, count: number, renewTtlMs = 0): Promise<GlobalPresenceChange> {
    return this.dataSource.transaction(async (em) => {
      await this.lockUsers(em, [userId]);
      // One statement after the lock: the SELECT sees the state before this statement's own change.
      // This instance's own row counts whatever its expiry (see PresenceStore.setCount). The renewal
      // touches the instance's row only when less than half the TTL is left, so writes do not queue on
      // that row lock while the heartbeat keeps it fresh.
      const rows = await em.query<{ others: boolean; own: boolean; was_live: boolean }[]>(
        `WITH renewed AS (
           UPDATE presence_instances SET expires_at = now() + $4::int * interval '1 millisecond'
           WHERE instance_id = $2::uuid AND $4::int > 0
             AND expires_at < now() + $4::int * interval '0.5 millisecond'
         ), upserted AS (
           INSERT INTO presence_connections (instance_id, user_id, connections)
           SELECT $2::uuid, $1::uuid, $3::int WHERE $3::int > 0
           ON CONFLICT (instance_id, user_id) DO UPDATE SET connections = EXCLUDED.connections
         ), removed AS (
           DELETE FROM presence_connections WHERE $3::int = 0 AND instance_id = $2::uuid AND user_id = $1::uuid
         )
         SELECT coalesce(bool_or(c.instance_id <> $2::uuid AND i.expires_at > now()), false) AS others,
                coalesce(bool_or(c.instance_id = $2::uuid), false) AS own,
                EXISTS (SELECT 1 FROM presence_instances
                        WHERE instance_id = $2::uuid AND expires_at > now()) AS was_live
         FROM presence_connections c JOIN presence_instances i ON i.instance_id = c.instance_id
         WHERE c.user_id = $1::uuid`,
        [userId, this.instanceId, count, renewTtlMs],
      );
      const { others, own, was_live } = rows[0] ?? { others: false, own: false, was_live: false };
      return { before: others || own, after: others || count > 0, wasLive: was_live };
    });
  }

  async onlineAmong(userIds: readonly string[], em?: EntityManager): Promise<Set<string>> {
    const rows = await (em ?? this.dataSource).query<{ user_id: string }[]>(
      `SELECT DISTINCT c.user_id FROM ${LIVE_COUNTS} WHERE c.user_id = ANY($1::uuid[])`,
      [userIds],
    );
    return new Set(rows.map((row) => row.user_id));
  }

  async heartbeat(ttlMs: number): Promise<boolean> {
    const rows = await this.dataSource.query<{ was_live: boolean }[]>(
      `WITH previous AS (
         SELECT expires_at > now() AS live FROM presence_instances WHERE instance_id = $1
       ), renewed AS (
         INSERT INTO presence_instances (instance_id, expires_at)
         VALUES ($1, now() + $2::int * interval '1 millisecond')
         ON CONFLICT (instance_id) DO UPDATE SET expires_at = EXCLUDED.expires_at
       )
       SELECT coalesce((SELECT live FROM previous), false) AS was_live`,
      [this.instanceId, ttlMs],
    );
    return rows[0]?.was_live === true;
  }

  async reap(): Promise<string[]> {
    const due = await this.dataSource.query<{ due: boolean }[]>(
      'SELECT EXISTS (SELECT 1 FROM presence_instances WHERE expires_at <= now()) AS due',
    );
    if (!due[0]?.due) return [];
    return this.dataSource.transaction(async (em) => {
      // SKIP LOCKED: two instances reaping at once split the dead instances instead of both reporting.
      const dead = await em.query<{ instance_id: string }[]>(
        `SELECT instance_id FROM presence_instances WHERE expires_at <= now()
         FOR NO KEY UPDATE SKIP LOCKED`,
      );
      if (dead.length === 0) return [];
      const deadIds = dead.map((row) => row.instance_id);
      const touched = await em.query<{ user_id: string }[]>(
        'SELECT DISTINCT user_id FROM presence_connections WHERE instance_id = ANY($1::uuid[])',
        [deadIds],
      );
      const userIds = touched.map((row) => row.user_id);
      await this.lockUsers(em, userIds);
      await em.query('DELETE FROM presence_instances WHERE instance_id = ANY($1::uuid[])', [deadIds]);
      const online = await this.onlineAmong(userIds, em);
      return userIds.filter((id) => !online.has(id));
    });
  }

  async retire(): Promise<void> {
    await this.dataSource.query(
      "UPDATE presence_instances SET expires_at = now() - interval '1 second' WHERE instance_id = $1",
      [this.instanceId],
    );
  }

  /** In one order (by lock key), so two transactions locking several users cannot deadlock. */
  private async lockUsers(em: EntityManager, userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    await em.query(
      `SELECT pg_advisory_xact_lock(${LOCK_CLASS}, key)
       FROM (SELECT DISTINCT hashtext(id) AS key FROM unnest($1::text[]) AS id ORDER BY key) AS keys`,
      [userIds],
    );
  }
}
