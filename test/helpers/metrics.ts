// Reads GET /metrics (Prometheus text format) into samples a test can look up by name and labels.
import request from 'supertest';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export class Exposition {
  readonly samples: Sample[];
  /** Family names from the `# TYPE` lines. */
  readonly families: Map<string, string>;

  constructor(readonly text: string) {
    this.samples = [];
    this.families = new Map();
    for (const line of text.split('\n')) {
      if (line.startsWith('# TYPE ')) {
        const [name, type] = line.slice('# TYPE '.length).split(' ');
        this.families.set(name, type);
        continue;
      }
      const match = SAMPLE.exec(line);
      if (!match || line.startsWith('#')) continue;
      const labels: Record<string, string> = {};
      for (const [, name, value] of (match[2] ?? '').matchAll(LABEL)) labels[name] = value;
      this.samples.push({ name: match[1], labels, value: Number(match[3]) });
    }
  }

  /** The one sample of `name` whose labels include `labels`; 0 when the series does not exist yet. */
  value(name: string, labels: Record<string, string> = {}): number {
    const found = this.samples.filter(
      (sample) =>
        sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    );
    if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} names ${found.length} series`);
    return found[0]?.value ?? 0;
  }

  /** Every label value `label` takes across the samples of `name`. */
  labelValues(name: string, label: string): string[] {
    return [...new Set(this.samples.filter((s) => s.name === name).map((s) => s.labels[label]))].filter(
      (value): value is string => value !== undefined,
    );
  }
}

/** GET /metrics, expecting 200 (validated against /docs-json like every response). */
export async function scrapeMetrics(url: string, token?: string): Promise<Exposition> {
  const call = request(url).get('/metrics');
  if (token !== undefined) call.set('Authorization', `Bearer ${token}`);
  const response = await call.expect(200);
  return new Exposition(response.text);
}
