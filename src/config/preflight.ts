// Runs before Nest boots: loads `.env` and evaluates every config namespace once, so a bad value
// stops startup with one line naming the variable instead of a framework stack trace.
import { CONFIG_NAMESPACES } from './config.module.js';

export function loadDotEnv(file = '.env'): void {
  try {
    process.loadEnvFile(file); // never overrides variables already set in the environment
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export function preflightConfiguration(): void {
  loadDotEnv();
  for (const namespace of CONFIG_NAMESPACES) namespace();
}
