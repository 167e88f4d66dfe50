import type { ModuleSchema } from '../database/module-schema.js';
import { FanoutPayload } from './fanout-payload.entity.js';
import { FanoutPayloads1795265440415 } from './migrations/1795265440415-FanoutPayloads.js';

export const fanoutSchema: ModuleSchema = {
  entities: [FanoutPayload],
  migrations: [FanoutPayloads1795265440415],
};
