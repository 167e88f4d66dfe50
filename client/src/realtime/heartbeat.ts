// Finds a dead socket the platform does not report (a browser never sees WebSocket pings): after
// `intervalMs` of silence it sends an app-level `ping`; no frame at all within `timeoutMs` → dead.

export interface HeartbeatSettings {
  intervalMs: number;
  timeoutMs: number;
}

export const DEFAULT_HEARTBEAT: HeartbeatSettings = { intervalMs: 25_000, timeoutMs: 10_000 };

export class Heartbeat {
  private idle: ReturnType<typeof setTimeout> | null = null;
  private deadline: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly settings: HeartbeatSettings | false,
    private readonly ping: () => void,
    private readonly dead: () => void,
  ) {}

  /** Any frame received: the socket is alive; restart the idle wait. */
  seen(): void {
    this.stop();
    const settings = this.settings;
    if (settings === false) return;
    this.idle = setTimeout(() => {
      this.ping();
      this.deadline = setTimeout(() => this.dead(), settings.timeoutMs);
    }, settings.intervalMs);
  }

  /**
   * Asks now instead of after the idle wait (the browser reports `offline`: a socket it keeps open may
   * be dead): ping at once; no frame within `timeoutMs` → dead. A probe already waiting is left alone.
   */
  probe(): void {
    const settings = this.settings;
    if (settings === false || this.deadline !== null) return;
    this.stop();
    this.ping();
    this.deadline = setTimeout(() => this.dead(), settings.timeoutMs);
  }

  stop(): void {
    if (this.idle !== null) clearTimeout(this.idle);
    if (this.deadline !== null) clearTimeout(this.deadline);
    this.idle = this.deadline = null;
  }
}
