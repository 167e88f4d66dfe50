// What a feature module needs of `database`: the shape of its schema (entities and migrations).
export type { ModuleSchema } from './module-schema.js';
