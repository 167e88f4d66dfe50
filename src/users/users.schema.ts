import type { ModuleSchema } from '../database/module-schema.js';
import { Foundation1795264970498 } from './migrations/1795264970498-Foundation.js';
import { User } from './user.entity.js';

/** The first migration also made auth's `sessions` table (it predates the module split). */
export const usersSchema: ModuleSchema = { entities: [User], migrations: [Foundation1795264970498] };
