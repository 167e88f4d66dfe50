import type { SchemaObject } from '@nestjs/swagger';

// Terminus' answers, as /health and /health/ready send them (outside both envelopes).

export const LIVENESS: SchemaObject = {
  type: 'object',
  required: ['status'],
  additionalProperties: false,
  properties: { status: { type: 'string', enum: ['ok'] } },
};

const INDICATORS: SchemaObject = {
  type: 'object',
  description: 'by check name (database, redis, fanout): `{status: "up"|"down", ...}`',
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
  },
};

export const HEALTH_REPORT = (status: 'ok' | 'error'): SchemaObject => ({
  type: 'object',
  required: ['status', 'info', 'error', 'details'],
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: [status] },
    info: INDICATORS,
    error: INDICATORS,
    details: INDICATORS,
  },
});
