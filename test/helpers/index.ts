// The p-chat test kit (`import … from 'p-chat/testing'`): what the project's own e2e suites use, for
// the e2e suites of teams that extend p-chat. Boot the real app on a random port (fresh embedded or
// PostgreSQL database), typed WebSocket clients for both protocols, user and room factories, two
// instances on a shared fan-out engine, a private redis-server, an unpluggable TCP proxy, and suites
// gated on the services they need. docs/extending.md walks through it.
export { createTestApp, type TestApp, type TestAppOptions } from './create-app.js';
export {
  connect,
  expectFlashExactlyOnce,
  flashBodies,
  isFlashMessage,
  upgradeStatus,
  TestSocket,
  UpgradeRefused,
  type Closed,
  type ConnectOptions,
  type FlashFrame,
  type Frame,
  type ServerFrame,
} from './ws-client.js';
export {
  registerFlashUser,
  registerSessionUser,
  uniqueEmail,
  uniqueUsername,
  verifiedSessionUser,
  type FlashUser,
  type SessionTokens,
  type SessionUser,
} from './factories.js';
export { chatClient, errorOf, insertMessages, type ChatClient, type StoredMessage } from './chat.js';
export { recordClientFrames, type PublishedFrame } from './client-frames.js';
export {
  describeFanoutModes,
  startCluster,
  twoInstances,
  waitUntilReady,
  type InstanceCluster,
  type SharedFanoutMode,
  type TwoInstances,
} from './instances.js';
export { adminClient, testPostgres, type TestPostgres } from './postgres.js';
export { startTestRedis, type TestRedis } from './redis-server.js';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
export { describeWhen, missingService, type Describe, type Service } from './services.js';
export { freePort, waitFor } from './free-port.js';
export { decodeClaims, resign, signToken, TEST_JWT_SECRET } from './tokens.js';
