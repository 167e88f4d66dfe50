import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { NotFoundException } from '@nestjs/common';
import type { Response } from 'express';
import type { Configuration } from '../config/configuration.js';
import { WebAppController } from './web-app.controller.js';
import {
  cacheControlFor,
  isAssetName,
  ONE_YEAR_IMMUTABLE,
  REVALIDATE,
  WebAppFiles,
} from './web-app-files.js';

const directory = mkdtempSync(join(tmpdir(), 'p-chat-web-'));
mkdirSync(join(directory, 'assets'));
writeFileSync(join(directory, 'index.html'), '<!doctype html>');
writeFileSync(join(directory, 'assets', 'app-ABCDEFGH.js'), '');
writeFileSync(join(directory, '.env'), 'SECRET=1');

function controller(production: boolean, dir = directory): WebAppController {
  const config = { of: () => ({ production }) } as unknown as Configuration;
  return new WebAppController(new WebAppFiles(dir), config);
}

function fakeResponse() {
  const calls: string[] = [];
  const response = {
    redirect: (status: number, to: string) => calls.push(`redirect ${status} ${to}`),
    status(code: number) {
      calls.push(`status ${code}`);
      return this;
    },
    type(type: string) {
      calls.push(`type ${type}`);
      return this;
    },
    send: (body: string) => calls.push(`send ${body.split(':')[0]}`),
  };
  return { calls, response: response as unknown as Response };
}

describe('web client files', () => {
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('caches content-hashed assets for good and revalidates everything else', () => {
    expect(cacheControlFor('app-PNERHBEO.js')).toBe(ONE_YEAR_IMMUTABLE);
    expect(cacheControlFor('style-FU2WJ25D.css')).toBe(ONE_YEAR_IMMUTABLE);
    expect(cacheControlFor('app.js')).toBe(REVALIDATE);
    expect(cacheControlFor(null)).toBe(REVALIDATE);
  });

  it('serves only plain names that exist under assets/', () => {
    const files = new WebAppFiles(directory);
    expect(files.page()).toBe('index.html');
    expect(files.asset('app-ABCDEFGH.js')).toBe(join('assets', 'app-ABCDEFGH.js'));
    expect(files.asset('missing-ABCDEFGH.js')).toBeNull();
    for (const name of ['../index.html', '..', '.env', '../.env', 'a/b.js', '', 'a\\b.js'])
      expect([name, isAssetName(name) && files.asset(name)]).toEqual([name, false]);
  });

  it('redirects / to /app outside production; in production / is an unknown route', () => {
    const { calls, response } = fakeResponse();
    controller(false).home(response);
    expect(calls).toEqual(['redirect 302 /app']);
    expect(() => controller(true).home(fakeResponse().response)).toThrow(NotFoundException);
  });

  it('answers 503 with what to run when the client is not built', () => {
    const empty = mkdtempSync(join(tmpdir(), 'p-chat-web-empty-'));
    const { calls, response } = fakeResponse();
    controller(false, empty).page(response);
    expect(calls).toEqual(['status 503', 'type text/plain', 'send The web client is not built']);
    rmSync(empty, { recursive: true, force: true });
  });
});
