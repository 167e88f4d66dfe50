import type { AuthUser } from '../common/auth-user.js';

/** Who is acting: REST passes its AuthUser, WebSocket its connection's user. */
export type ChatCaller = Pick<AuthUser, 'userId' | 'username'>;
