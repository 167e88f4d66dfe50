import type { ModuleSchema } from '../database/module-schema.js';
import { AccountToken } from './entities/account-token.entity.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { SessionTokens1795265316910 } from './migrations/1795265316910-SessionTokens.js';

export const sessionSchema: ModuleSchema = {
  entities: [RefreshToken, AccountToken],
  migrations: [SessionTokens1795265316910],
};
