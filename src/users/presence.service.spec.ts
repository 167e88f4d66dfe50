import { describe, expect, it } from '@jest/globals';
import type { Repository } from 'typeorm';
import type { DomainEvents } from '../common/events/domain-events.js';
import type { JsonLogger } from '../common/logging/json-logger.js';
import type { PresenceTracker, PresenceTransitionListener } from '../presence/presence-tracker.js';
import type { PresenceChangedEvent } from './presence-events.js';
import { PresenceService } from './presence.service.js';
import type { User } from './user.entity.js';

/** The service over a tracker whose transitions the test reports and a `users.update` it controls. */
function service(update: (ids: string[]) => Promise<void> = () => Promise.resolve()) {
  let report: PresenceTransitionListener = () => undefined;
  const updates: string[][] = [];
  const emitted: PresenceChangedEvent[] = [];
  const tracker = { onTransition: (listener: PresenceTransitionListener) => (report = listener) };
  const users = {
    update: (where: { id: { value: string[] } }) => {
      updates.push([...where.id.value]);
      return update(where.id.value);
    },
  };
  const events = { emit: (_name: string, event: PresenceChangedEvent) => emitted.push(event) };
  const presence = new PresenceService(
    users as unknown as Repository<User>,
    tracker as unknown as PresenceTracker,
    events as unknown as DomainEvents,
    { event: () => undefined, errorEvent: () => undefined } as unknown as JsonLogger,
  );
  presence.onModuleInit();
  const sequence = () => emitted.map((e) => `${e.userId}:${e.online ? 'on' : 'off'}`);
  return {
    presence,
    report: (...t: Parameters<PresenceTransitionListener>) => report(...t),
    updates,
    emitted,
    sequence,
  };
}

describe('PresenceService', () => {
  it('stores the offline transitions reported in one turn with one update, then announces them', async () => {
    const { presence, report, updates, emitted } = service();
    for (const userId of ['a', 'b', 'c']) report([{ userId, online: false }]);
    await presence.settled();
    expect(updates).toEqual([['a', 'b', 'c']]);
    expect(emitted.map((e) => e.userId)).toEqual(['a', 'b', 'c']);
    expect(new Set(emitted.map((e) => e.lastSeenAt?.getTime())).size).toBe(1);
  });

  it('never lets an online event overtake the offline one reported before it', async () => {
    let store: () => void = () => undefined;
    const { presence, report, sequence } = service(() => new Promise<void>((resolve) => (store = resolve)));
    report([{ userId: 'u', online: false }]);
    await new Promise((resolve) => setTimeout(resolve, 0)); // its update is in flight
    report([{ userId: 'u', online: true }]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sequence()).toEqual([]);
    store();
    await new Promise((resolve) => setTimeout(resolve, 0));
    store(); // the second batch has no offline transition: nothing to store
    await presence.settled();
    expect(sequence()).toEqual(['u:off', 'u:on']);
  });

  it('announces coming online without touching the database', async () => {
    const { presence, report, updates, sequence } = service();
    report([{ userId: 'u', online: true }]);
    await presence.settled();
    expect(updates).toEqual([]);
    expect(sequence()).toEqual(['u:on']);
  });

  it('announces no offline transition it could not store, and still the online ones', async () => {
    const { presence, report, sequence } = service(() => Promise.reject(new Error('down')));
    report([
      { userId: 'a', online: false },
      { userId: 'b', online: true },
    ]);
    await presence.settled();
    expect(sequence()).toEqual(['b:on']);
  });
});
