// Last-resort handlers. An uncaught exception leaves the process in an unknown state, so it is logged
// and the process exits 1 at once (the supervisor restarts it; every acknowledged message is already
// committed). An unhandled rejection is a bug in one code path, not a corrupted process: it is logged
// and the process keeps serving.
import type { JsonLogger } from '../common/logging/json-logger.js';

export function installProcessErrorHandlers(
  logger: JsonLogger,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  process.on('uncaughtException', (error, origin) => {
    logger.errorEvent('uncaught exception; exiting', error, { origin });
    exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.errorEvent('unhandled promise rejection', reason);
  });
}
