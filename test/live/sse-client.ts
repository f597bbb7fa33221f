/**
 * A minimal EventSource for tests: a real HTTP connection to a listening platform, the stream
 * parsed into messages as the WHATWG parser does (id, event, data; comments counted), and
 * `next()` to wait for a message matching a predicate.
 */
import http from 'node:http';

/** One parsed message. */
export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
  /** performance.now() when it was parsed. */
  at: number;
}

/** An open stream. */
export interface SseClient {
  status: number;
  headers: http.IncomingHttpHeaders;
  messages: SseMessage[];
  comments: number;
  /** Resolves with the first message (from the start) matching `pred`; rejects after `timeoutMs`. */
  next(pred: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  /** Whether the server ended the stream. */
  ended(): boolean;
  /** Stops reading (the socket's buffers then fill up) or goes on. */
  pause(): void;
  resume(): void;
  close(): void;
}

/**
 * Opens `url` with `headers`; resolves once the response headers arrived.
 * @example const s = await openSse(`${base}/api/v1/live`, session.headers);
 */
export function openSse(url: string, headers: Record<string, string>): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const messages: SseMessage[] = [];
      let comments = 0;
      let buffer = '';
      let ended = false;
      let waiters: Array<() => void> = [];
      let current: { id: string | null; event: string; data: string[] } = { id: null, event: 'message', data: [] };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line === '') {
            if (current.data.length > 0 || current.id !== null)
              messages.push({ id: current.id, event: current.event, data: current.data.join('\n'), at: performance.now() });
            current = { id: null, event: 'message', data: [] };
          } else if (line.startsWith(':')) comments++;
          else {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') current.id = value;
            else if (field === 'event') current.event = value;
            else if (field === 'data') current.data.push(value);
          }
        }
        for (const w of waiters) w();
      });
      res.on('end', () => {
        ended = true;
        for (const w of waiters) w();
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        messages,
        get comments() {
          return comments;
        },
        next(pred, timeoutMs = 3000) {
          return new Promise((ok, fail) => {
            const check = () => {
              const m = messages.find(pred);
              if (m) {
                done();
                ok(m);
              } else if (ended) {
                done();
                fail(new Error('stream ended'));
              }
            };
            const timer = setTimeout(() => {
              done();
              fail(new Error(`no matching message within ${timeoutMs} ms`));
            }, timeoutMs);
            const done = () => {
              clearTimeout(timer);
              waiters = waiters.filter((w) => w !== check);
            };
            waiters.push(check);
            check();
          });
        },
        ended: () => ended,
        pause: () => res.pause(),
        resume: () => res.resume(),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

/** The events of `batch` messages (and of per-event messages), flattened. */
export function eventsOf<T = { id: string; kind: string; path: string }>(messages: readonly SseMessage[]): T[] {
  return messages.flatMap((m) =>
    m.event === 'batch' ? (JSON.parse(m.data) as T[]) : m.event === 'alert' || m.event === 'case' ? [JSON.parse(m.data) as T] : [],
  );
}
