// Records every server → client frame an app publishes for live delivery (the `client.frame` cluster
// events), with its FANOUT topic, as `{topic, event, data}`.
import type { INestApplication } from '@nestjs/common';
import { ClusterEvents } from '../../src/fanout/cluster-events.js';
import type { FanoutTopic } from '../../src/fanout/fanout.js';
import { CLIENT_FRAME } from '../../src/realtime/server-events.js';

export interface PublishedFrame {
  topic: FanoutTopic;
  event: string;
  data: unknown;
}

export function recordClientFrames(app: INestApplication): PublishedFrame[] {
  const frames: PublishedFrame[] = [];
  app.get(ClusterEvents).on(CLIENT_FRAME, ({ event, data }, topic) => frames.push({ topic, event, data }));
  return frames;
}
