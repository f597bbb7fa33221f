/**
 * A small reference of the other side (a 12345 or 一网通办 system) for the bridge tests: an HTTP
 * server receiving status callbacks that checks each one's signature the way the contract says
 * — HMAC-SHA256 with the system's secret over `${x-cityops-timestamp}.${body}`, sent as
 * `x-cityops-signature: sha256=<hex>`, the timestamp within 5 minutes — written here from that
 * description with node:crypto only, not with the platform's own helpers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** One callback as received. */
export interface ReceivedCallback {
  path: string;
  body: string;
  json: { externalId: string; caseCode: string; event: string; status: string; note: string | null; at: number };
  /** The signature matched the secret registered for the path, in time. */
  verified: boolean;
  delivery: string;
}

/** How the receiver answers a path: a status, or `hang` (never answers). */
export type Behaviour = number | 'hang';

/** A running receiver. */
export interface ReferenceSystem {
  base: string;
  received: ReceivedCallback[];
  /** The secret to check a path's callbacks with (as the platform showed it once). */
  secrets: Map<string, string>;
  behaviour: Map<string, Behaviour>;
  close(): Promise<void>;
}

/** True when `signature` is the HMAC of `${timestamp}.${body}` under `secret` and the time is within 5 min of `now`. */
export function signatureValid(secret: string, timestamp: string, body: string, signature: string, now: number): boolean {
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(now - ts) > 5 * 60_000) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Starts the receiver on a free local port; `now` is the platform's clock (the tests move it).
 * @example const sys = await startReferenceSystem(() => p.clock.now());
 */
export async function startReferenceSystem(now: () => number): Promise<ReferenceSystem> {
  const received: ReceivedCallback[] = [];
  const secrets = new Map<string, string>();
  const behaviour = new Map<string, Behaviour>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string) => String(req.headers[name] ?? '');
      const secret = secrets.get(path) ?? '';
      received.push({
        path,
        body,
        json: JSON.parse(body) as ReceivedCallback['json'],
        verified: signatureValid(secret, header('x-cityops-timestamp'), body, header('x-cityops-signature'), now()),
        delivery: header('x-cityops-delivery'),
      });
      const how = behaviour.get(path) ?? 200;
      if (how === 'hang') return;
      res.statusCode = how;
      res.end(how >= 300 ? 'system is down' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    secrets,
    behaviour,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
