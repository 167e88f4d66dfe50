import { describe, expect, it } from '@jest/globals';
import { answersBareUnauthorized, statusFor } from './error-status.js';
import { pathOf, routeFamily } from './route-family.js';

describe('routeFamily', () => {
  it.each([
    ['/register', 'flash'],
    ['/login', 'flash'],
    ['/users', 'flash'],
    ['/users/me', 'flash'],
    ['/usersx', 'session'],
    ['/session/authorize', 'session'],
    ['/rooms/1', 'session'],
    ['/health/ready', 'plain'],
    ['/docs-json', 'plain'],
    ['/metrics', 'plain'],
    ['/metricsx', 'session'],
    ['/nope', 'session'],
  ])('%s is %s', (path, family) => {
    expect(routeFamily(path)).toBe(family);
  });

  it('strips the query string', () => {
    expect(pathOf({ originalUrl: '/users?token=x', url: '/' })).toBe('/users');
  });

  it('maps rule breaks to 422 only on flash routes', () => {
    expect(statusFor('flash', 'invalid')).toBe(422);
    expect(statusFor('session', 'invalid')).toBe(400);
    expect(statusFor('flash', 'conflict')).toBe(400);
    expect(statusFor('session', 'conflict')).toBe(409);
  });

  it('knows the three routes whose 401 is {}', () => {
    expect(answersBareUnauthorized('/session/authorize')).toBe(true);
    expect(answersBareUnauthorized('/session/refresh')).toBe(true);
    expect(answersBareUnauthorized('/session/emailVerify')).toBe(true);
    expect(answersBareUnauthorized('/session')).toBe(false);
  });
});
