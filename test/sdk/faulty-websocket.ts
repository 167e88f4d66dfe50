// A `ws` WebSocket behind the SDK's WebSocketLike seam with faults on demand: drop chosen incoming
// frames (a frame lost between server and app) or cut every open socket without a close handshake
// (a network that vanished). The server under test is the real one.
import WebSocket from 'ws';
import type { WebSocketConstructor, WebSocketLike } from '../../client/src/realtime/websocket-like.js';

export interface FaultySockets {
  WebSocket: WebSocketConstructor;
  /** Frames for which this returns true never reach the SDK. */
  dropIncoming: (text: string) => boolean;
  /** Terminates every open socket (the SDK sees 1006, as after a network failure). */
  cutAll(): void;
  opened: number;
}

export function faultySockets(): FaultySockets {
  const live = new Set<WebSocket>();
  const faults: FaultySockets = {
    dropIncoming: () => false,
    opened: 0,
    cutAll: () => {
      for (const socket of live) socket.terminate();
    },
    WebSocket: class implements WebSocketLike {
      onopen: WebSocketLike['onopen'] = null;
      onmessage: WebSocketLike['onmessage'] = null;
      onclose: WebSocketLike['onclose'] = null;
      onerror: WebSocketLike['onerror'] = null;
      private readonly inner: WebSocket;

      constructor(url: string, protocols: string[]) {
        this.inner = new WebSocket(url, protocols);
        live.add(this.inner);
        this.inner.onopen = (event) => {
          faults.opened += 1;
          this.onopen?.(event);
        };
        this.inner.onmessage = (event) => {
          const text = typeof event.data === 'string' ? event.data : '';
          if (!faults.dropIncoming(text)) this.onmessage?.({ data: text });
        };
        this.inner.onclose = (event) => {
          live.delete(this.inner);
          this.onclose?.({ code: event.code, reason: event.reason });
        };
        this.inner.onerror = (event) => this.onerror?.(event);
      }

      get readyState(): number {
        return this.inner.readyState;
      }

      get protocol(): string {
        return this.inner.protocol;
      }

      send(data: string): void {
        this.inner.send(data);
      }

      close(code?: number, reason?: string): void {
        this.inner.close(code, reason);
      }
    },
  };
  return faults;
}
