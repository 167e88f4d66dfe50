// /docs/ws: the AsyncAPI document rendered server-side as one self-contained HTML page (no script,
// no external asset), so it works offline and under helmet's default CSP.

type Json = Record<string, unknown>;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Just enough of the descriptions' markdown: `code`, **bold**, tables and lists as plain text lines. */
function prose(text: unknown): string {
  if (typeof text !== 'string' || text === '') return '';
  const html = escape(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  return `<div class="prose">${html}</div>`;
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? escape(String(value)) : '';
}

function json(value: unknown): string {
  return `<pre>${escape(JSON.stringify(value, null, 2))}</pre>`;
}

function message(id: string, body: Json): string {
  const examples = Array.isArray(body.examples) ? (body.examples as Json[]) : [];
  return `<section class="message" id="${escape(id)}">
<h4><code>${text(body.name ?? id)}</code> <small>${text(body.contentType)}</small></h4>
<p>${text(body.summary)}</p>${prose(body.description)}
<details><summary>payload schema</summary>${json(body.payload)}</details>
${examples.map((example) => `<p class="label">example</p>${json(example.payload)}`).join('\n')}
</section>`;
}

function channelSection(id: string, channel: Json, operations: Json): string {
  const messages = (channel.messages ?? {}) as Record<string, Json>;
  const direction = (action: string): string =>
    Object.values(operations)
      .map((op) => op as Json)
      .filter((op) => op.action === action && (op.channel as Json).$ref === `#/channels/${id}`)
      .flatMap((op) => (op.messages as Json[]).map((ref) => String(ref.$ref).split('/').pop() ?? ''))
      .map((key) => message(key, messages[key] ?? {}))
      .join('\n');
  return `<section class="channel" id="channel-${escape(id)}">
<h2><code>${escape(String(channel.address))}</code> — ${text(channel.title)}</h2>
${prose(channel.description)}
<h3>Server → client</h3>
${direction('send')}
<h3>Client → server</h3>
${direction('receive')}
</section>`;
}

export function renderAsyncApiHtml(document: Json): string {
  const info = (document.info ?? {}) as Json;
  const channels = (document.channels ?? {}) as Record<string, Json>;
  const operations = (document.operations ?? {}) as Json;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(String(info.title))}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f5f5f5;padding:.6rem;overflow:auto}
.prose{white-space:pre-wrap}.message{border-left:3px solid #ccd;padding-left:.8rem;margin:1rem 0}
.label{margin:.3rem 0 0;color:#666;font-size:13px}h2{border-bottom:1px solid #ddd;margin-top:2.5rem}
</style></head><body>
<h1>${escape(String(info.title))} <small>AsyncAPI ${escape(String(document.asyncapi))}, version ${escape(String(info.version))}</small></h1>
${prose(info.description)}
<p>The machine-readable document: <a href="/asyncapi.json">/asyncapi.json</a>. REST: <a href="/docs">/docs</a>.</p>
<ul>${Object.entries(channels)
    .map(
      ([id, channel]) =>
        `<li><a href="#channel-${escape(id)}"><code>${escape(String(channel.address))}</code></a></li>`,
    )
    .join('')}</ul>
${Object.entries(channels)
  .map(([id, channel]) => channelSection(id, channel, operations))
  .join('\n')}
</body></html>`;
}
