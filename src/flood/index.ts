// The flood module's public surface.
export { FLOOD_LIMITED_ROUTE, FloodLimitedRoute } from './flood-limited-route.js';
export { FloodModule } from './flood.module.js';
export { MessageBudget } from './message-budget.js';
export { TokenBuckets, type BucketRate, type FloodVerdict } from './token-buckets.js';
