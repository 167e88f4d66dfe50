import type { ModuleSchema } from '../database/module-schema.js';
import { AuthSession } from './auth-session.entity.js';

/** `sessions` was created by the users module's Foundation migration. */
export const authSchema: ModuleSchema = { entities: [AuthSession], migrations: [] };
