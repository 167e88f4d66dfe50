// Thousands of users for the storm scenarios without thousands of argon2 hashes: one account is
// registered over the flash API, then (on PostgreSQL) the rest are inserted with its password hash and
// a flash session each, and their access tokens are signed with the bench's JWT secret — the same
// rows and claims `POST /login` makes, so they are real accounts that can sign in with the bench
// password and whose tokens the server checks against their session row. On the embedded engine (no
// outside connection to its database) every user is registered over the API instead (slow: ~15/s here).
import { Buffer } from 'node:buffer';
import { createHmac, randomUUID } from 'node:crypto';
import pg from 'pg';
import { registerUsers } from './clients.mjs';
import { BENCH_JWT_SECRET } from './processes.mjs';

const TOKEN_MINUTES = 120;

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An HS256 JWT (RFC 7519), as `jsonwebtoken` signs it. */
function signHs256(claims, secret) {
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

export async function populate(http, database, count, prefix) {
  if (!database.connection) return registerUsers(http, count, prefix, 16);
  const { ALL_SCOPES } = await import('../../dist/src/auth/access-token.claims.js');
  const [template] = await registerUsers(http, 1, `${prefix}t`);
  const client = new pg.Client(database.connection);
  await client.connect();
  try {
    const { rows: users } = await client.query(
      `INSERT INTO users (username, name, password_hash)
       SELECT $1 || g, $1 || g, (SELECT password_hash FROM users WHERE username = $2)
       FROM generate_series(0, $3::int - 1) AS g ORDER BY g RETURNING id, username`,
      [prefix, template.username, count],
    );
    const scope = ALL_SCOPES.join(' ');
    const { rows: sessions } = await client.query(
      `INSERT INTO sessions (user_id, kind, scope, last_used_at, expires_at)
       SELECT id, 'flash', $2, now(), now() + make_interval(mins => $3)
       FROM unnest($1::uuid[]) AS id RETURNING id, user_id`,
      [users.map((user) => user.id), scope, TOKEN_MINUTES],
    );
    const sessionOf = new Map(sessions.map((session) => [session.user_id, session.id]));
    const iat = Math.floor(Date.now() / 1000);
    return users.map((user) => ({
      username: user.username,
      token: signHs256(
        {
          sub: user.id,
          sid: sessionOf.get(user.id),
          username: user.username,
          scope,
          typ: 'access',
          iat,
          exp: iat + TOKEN_MINUTES * 60,
          jti: randomUUID(),
        },
        BENCH_JWT_SECRET,
      ),
    }));
  } finally {
    await client.end();
  }
}
