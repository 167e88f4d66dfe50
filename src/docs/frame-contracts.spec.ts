// Every gateway on /ws against the AsyncAPI document's client frames: each event handled is described
// exactly once (with its DTO's fields), and nothing is described that no gateway handles. The gateways
// are every `@RealtimeGateway('/ws')` class of src/**/*.gateway.ts, as the running app finds them.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import {
  dtoFields,
  gatewayEvents,
  gatewayPath,
  type GatewayClass,
} from '../realtime/contract/gateway-events.js';
import { RealtimeEvent, RealtimeGateway } from '../realtime/realtime-gateway.decorator.js';
import { wsFrames } from './frame-contracts.js';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) =>
  f.endsWith('.gateway.ts'),
);
const modules: Record<string, unknown>[] = [];
// One at a time: jest's ESM loader fails concurrent first imports of a shared dependency.
for (const file of files) modules.push((await import(join(SRC, file))) as Record<string, unknown>);
const gateways = modules
  .flatMap((exports) => Object.values(exports))
  .filter((value) => gatewayPath(value) === '/ws');
const handled = gateways.flatMap((gateway) => gatewayEvents(gateway as GatewayClass));

describe('/ws client frames of every gateway', () => {
  it('finds the gateways of chat, the protocol and reactions', () => {
    expect(gateways.map((gateway) => (gateway as GatewayClass).name).sort()).toEqual(
      expect.arrayContaining(['ChatEventsGateway', 'ProtocolGateway', 'ReactionsGateway']),
    );
  });

  it('are exactly the ones the AsyncAPI document describes', () => {
    const { client } = wsFrames(gateways as GatewayClass[]);
    expect(handled.map((h) => h.event).sort()).toEqual(client.map((frame) => frame.event).sort());
  });

  it('carry the fields of their frame DTOs', () => {
    const { client } = wsFrames(gateways as GatewayClass[]);
    for (const { event, frame } of handled) {
      const contract = client.find((entry) => entry.event === event);
      const properties = Object.keys(contract?.data.properties ?? {}).sort();
      expect([event, properties]).toEqual([event, dtoFields(frame)]);
    }
  });

  it('refuse a gateway event nobody describes, and a description nobody handles', () => {
    @RealtimeGateway('/ws')
    class StrayGateway {
      @RealtimeEvent('nobody.describes')
      handle(): void {}
    }
    expect(() => wsFrames([...(gateways as GatewayClass[]), StrayGateway])).toThrow(
      /undescribed: \[nobody\.describes\]/,
    );
    expect(() => wsFrames([])).toThrow(/described, unhandled: \[.*message\.send/);
  });
});
