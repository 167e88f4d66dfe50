// The meters the per-message path records into. prom-client's own `inc()`/`observe()` validate labels
// and hash them on every call (0.3–2 µs each, measured here), which a DM relay that spends ~60 µs per
// message would feel; these are a plain addition (counters) or a short bucket scan (histograms), and
// prom-client reads them only when /metrics is scraped.
import { Counter, type Registry } from 'prom-client';

/** A counter to bump. */
export interface Count {
  inc(by?: number): void;
}

/** A distribution to add a value to (seconds for durations). */
export interface Observe {
  observe(value: number): void;
}

/** What a disabled meter records: nothing. */
export const NO_COUNT: Count = { inc: () => undefined };
export const NO_OBSERVE: Observe = { observe: () => undefined };

class CountCell implements Count {
  value = 0;

  inc(by = 1): void {
    this.value += by;
  }
}

/**
 * A counter family with one label whose cells are bound once (`cell('ws')`) and then bumped with a
 * plain addition. Each cell exists (at 0) from the start, so a scrape always shows every series.
 */
export class CountFamily<V extends string> {
  private readonly cells = new Map<V, CountCell>();

  constructor(registry: Registry, name: string, help: string, label: string, values: readonly V[]) {
    for (const value of values) this.cells.set(value, new CountCell());
    const cells = this.cells;
    new Counter({
      name,
      help,
      labelNames: [label],
      registers: [registry],
      collect(this: Counter) {
        this.reset();
        for (const [value, cell] of cells) this.inc({ [label]: value }, cell.value);
      },
    });
  }

  cell(value: V): Count {
    const cell = this.cells.get(value);
    if (!cell) throw new Error(`no ${value} cell`);
    return cell;
  }
}

/** An unlabelled counter family with one cell. */
export function countFamily(registry: Registry, name: string, help: string): Count {
  const cell = new CountCell();
  new Counter({
    name,
    help,
    registers: [registry],
    collect(this: Counter) {
      this.reset();
      this.inc(cell.value);
    },
  });
  return cell;
}

interface ScrapedValue {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

/**
 * An unlabelled histogram: counts per bucket in a typed array. Registered as a metric object of its
 * own: prom-client's Registry formats any registered object with name, help, type and `get()`
 * (lib/registry.js), while its types name only its own classes — hence the one cast below.
 */
export class BucketHistogram implements Observe {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly counts: Float64Array;
  private sum = 0;
  private count = 0;

  constructor(
    registry: Registry,
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
  ) {
    if (bounds.some((bound, i) => i > 0 && bound <= bounds[i - 1]))
      throw new Error(`${name}: buckets must increase`);
    this.counts = new Float64Array(bounds.length + 1);
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  observe(value: number): void {
    if (!(value >= 0)) return; // NaN, or a clock that went back: not a duration
    let bucket = 0;
    while (bucket < this.bounds.length && value > this.bounds[bucket]) bucket += 1;
    this.counts[bucket] += 1;
    this.sum += value;
    this.count += 1;
  }

  /** The exposition: cumulative `_bucket{le}` series, then `_sum` and `_count`, as prom-client writes them. */
  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: ScrapedValue[] }> {
    const values: ScrapedValue[] = [];
    let cumulative = 0;
    this.bounds.forEach((bound, bucket) => {
      cumulative += this.counts[bucket];
      values.push({ metricName: `${this.name}_bucket`, labels: { le: bound }, value: cumulative });
    });
    values.push(
      { metricName: `${this.name}_bucket`, labels: { le: '+Inf' }, value: this.count },
      { metricName: `${this.name}_sum`, labels: {}, value: this.sum },
      { metricName: `${this.name}_count`, labels: {}, value: this.count },
    );
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values,
    });
  }
}
