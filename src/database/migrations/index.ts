// Every migration in order, listed explicitly (globs find nothing when tests run from `src`).
import { Foundation1795264970498 } from './1795264970498-Foundation.js';
import { SessionTokens1795265316910 } from './1795265316910-SessionTokens.js';
import { Chat1795265331826 } from './1795265331826-Chat.js';
import { FanoutPayloads1795265440415 } from './1795265440415-FanoutPayloads.js';
import { Presence1795268325193 } from './1795268325193-Presence.js';

export const MIGRATIONS = [
  Foundation1795264970498,
  SessionTokens1795265316910,
  Chat1795265331826,
  FanoutPayloads1795265440415,
  Presence1795268325193,
];
