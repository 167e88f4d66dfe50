import type { ModuleSchema } from '../database/module-schema.js';
import { Presence1795268325193 } from './migrations/1795268325193-Presence.js';
import { PresenceConnection, PresenceInstance } from './presence.entities.js';

export const presenceSchema: ModuleSchema = {
  entities: [PresenceInstance, PresenceConnection],
  migrations: [Presence1795268325193],
};
