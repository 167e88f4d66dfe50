// In-process domain events with type-checked names and payloads. Each module declares its own events
// by augmenting `DomainEventMap` (declaration merging), so a lower module can announce something a
// higher one reacts to without a dependency pointing up, and a typo in a name does not compile:
//
//   declare module '../common/events/domain-events.js' {
//     interface DomainEventMap { 'session.revoked': SessionRevokedEvent }
//   }
//
// Events are delivered synchronously on the emitting instance, after the change is committed; a
// listener that must reach other instances publishes on FANOUT itself.
import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by module augmentation
export interface DomainEventMap {}

export type DomainEventName = Extract<keyof DomainEventMap, string>;

@Injectable()
export class DomainEvents {
  constructor(@Inject(EventEmitter2) private readonly emitter: EventEmitter2) {}

  emit<K extends DomainEventName>(name: K, event: DomainEventMap[K]): void {
    this.emitter.emit(name, event);
  }
}

/**
 * `@OnEvent` with the name and the listener's parameter checked against `DomainEventMap`. A listener
 * that throws or rejects is logged by the event emitter and never fails the change that emitted it.
 */
export function OnDomainEvent<K extends DomainEventName>(name: K) {
  return <R>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<(event: DomainEventMap[K]) => R>,
  ): void => {
    OnEvent(name)(target, key, descriptor);
  };
}
