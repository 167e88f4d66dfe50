// Runs before Nest boots: loads `.env` and evaluates every config namespace once, so a bad value
// stops startup with one line naming the variable instead of a framework stack trace.
import { appConfig, type AppConfig } from './app.config.js';
import { CONFIG_NAMESPACES } from './config.module.js';

export function loadDotEnv(file = '.env'): void {
  try {
    process.loadEnvFile(file); // never overrides variables already set in the environment
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Returns the app namespace: main.ts applies its log level before Nest logs its first boot line. */
export function preflightConfiguration(): AppConfig {
  loadDotEnv();
  for (const namespace of CONFIG_NAMESPACES) namespace();
  return appConfig();
}
