// The composition root of the database schema: every module's entities and migrations, used by the
// app (DatabaseModule) and the TypeORM CLI (ormconfig.ts). A new module adds its schema here.
import { authSchema } from './auth/auth.schema.js';
import { chatSchema } from './chat/chat.schema.js';
import { mergeSchemas } from './database/module-schema.js';
import { fanoutSchema } from './fanout/fanout.schema.js';
import { presenceSchema } from './presence/presence.schema.js';
import { reactionsSchema } from './reactions/reactions.module.js';
import { sessionSchema } from './session/session.schema.js';
import { usersSchema } from './users/users.schema.js';

export const APP_SCHEMA = mergeSchemas([
  usersSchema,
  authSchema,
  sessionSchema,
  chatSchema,
  fanoutSchema,
  presenceSchema,
  reactionsSchema,
]);
