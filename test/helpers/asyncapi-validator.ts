// Checks what a WebSocket server sends against the AsyncAPI document: each frame received on a path
// must be a server → client message (a `send` operation) of that path's channel and valid against its
// payload schema; a close code must be one the channel lists; a refused upgrade must have a listed
// status, an X-Request-Id and the documented JSON body. Returns the problems, empty when it conforms.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, unknown>;

const DOCUMENT_ID = 'https://p-chat.local/asyncapi.json';
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

interface ServerMessage {
  key: string;
  event: string | undefined;
  validate: ValidateFunction;
}

interface Channel {
  id: string;
  pattern: RegExp;
  serverMessages: ServerMessage[];
  closeCodes: Set<number>;
  refusalStatuses: Set<string>;
  refusalBody: ValidateFunction;
}

export class AsyncApiValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly channels: Channel[];
  /** Upgrades of paths no channel has: 404 in the session envelope, as /ws refuses. */
  private readonly unknownPathBody: ValidateFunction;

  constructor(document: Json) {
    addFormats(this.ajv);
    this.ajv.addSchema(document, DOCUMENT_ID);
    const operations = Object.values((document.operations ?? {}) as Record<string, Json>);
    this.channels = Object.entries((document.channels ?? {}) as Record<string, Json>).map(([id, channel]) => {
      const sent = operations
        .filter((op) => op.action === 'send' && (op.channel as Json).$ref === `#/channels/${id}`)
        .flatMap((op) => (op.messages as Json[]).map((m) => String(m.$ref).split('/').pop() ?? ''));
      const messages = (channel.messages ?? {}) as Record<string, Json>;
      const refusals = channel['x-upgrade-refusals'] as { statuses: Json } | undefined;
      return {
        id,
        pattern: new RegExp('^' + String(channel.address).replace(/\{[^}]+\}/g, '[^/]+') + '$'),
        serverMessages: sent.map((key) => ({
          key,
          event: (
            (messages[key]?.payload as Json | undefined)?.properties as Record<string, Json> | undefined
          )?.event?.const as string | undefined,
          validate: this.ajv.compile({
            $ref: `${DOCUMENT_ID}#/channels/${id}/messages/${escapeKey(key)}/payload`,
          }),
        })),
        closeCodes: new Set(((channel['x-close-codes'] ?? []) as { code: number }[]).map((c) => c.code)),
        refusalStatuses: new Set(Object.keys(refusals?.statuses ?? {})),
        refusalBody: this.ajv.compile({ $ref: `${DOCUMENT_ID}#/channels/${id}/x-upgrade-refusals/body` }),
      };
    });
    this.unknownPathBody = this.ajv.compile({ $ref: `${DOCUMENT_ID}#/channels/ws/x-upgrade-refusals/body` });
  }

  private channel(path: string): Channel | undefined {
    const pathname = new URL(path, 'ws://host').pathname;
    return this.channels.find((channel) => channel.pattern.test(pathname));
  }

  /** A frame as received: parsed JSON, or the raw text when it is not JSON. */
  frame(path: string, frame: unknown): string[] {
    const channel = this.channel(path);
    if (!channel) return [`${path}: no channel in the document for this path`];
    const shown = JSON.stringify(frame).slice(0, 400);
    const event = (frame as { event?: unknown } | null)?.event;
    const candidates = channel.serverMessages.filter((m) => m.event === undefined || m.event === event);
    if (candidates.length === 0) {
      return [`${channel.id}: server → client frame not in the document: ${shown}`];
    }
    const failures: string[] = [];
    for (const candidate of candidates) {
      if (candidate.validate(frame)) return [];
      failures.push(
        `${candidate.key}: ${this.ajv.errorsText(candidate.validate.errors, { separator: '; ' })}`,
      );
    }
    return [`${channel.id}: frame does not match the document (${failures.join(' | ')}): ${shown}`];
  }

  close(path: string, code: number): string[] {
    const channel = this.channel(path);
    if (!channel) return [`${path}: no channel in the document for this path`];
    return channel.closeCodes.has(code) ? [] : [`${channel.id}: close code ${code} not in the document`];
  }

  refusal(path: string, status: number, headers: Record<string, unknown>, body: string): string[] {
    const channel = this.channel(path);
    const problems: string[] = [];
    // A path no gateway serves is refused with 404 in the session envelope, like any unknown route.
    const what = `${channel?.id ?? path}: upgrade refused with ${status}`;
    if (channel ? !channel.refusalStatuses.has(String(status)) : status !== 404) {
      problems.push(`${what}: status not in the document`);
    }
    if (typeof headers['x-request-id'] !== 'string') problems.push(`${what}: no X-Request-Id header`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return [...problems, `${what}: body is not JSON: ${body.slice(0, 200)}`];
    }
    const refusalBody = channel?.refusalBody ?? this.unknownPathBody;
    if (!refusalBody(parsed)) {
      problems.push(`${what}: body ${body.slice(0, 200)}: ${this.ajv.errorsText(refusalBody.errors)}`);
    }
    return problems;
  }
}

function escapeKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
