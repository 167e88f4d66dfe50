#!/usr/bin/env node
// Runs a command against a fresh PostgreSQL database made for this run and dropped afterwards.
import { spawn } from 'node:child_process';
import { createFreshDatabase } from './helpers/fresh-database.mjs';

const database = await createFreshDatabase('p_chat_test');
const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...database.env } });
const code = await new Promise((resolve) =>
  child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))),
);
await database.drop().catch((error) => console.error(`could not drop ${database.name}: ${error.message}`));
process.exit(code);
