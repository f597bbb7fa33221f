/**
 * HTTP load generator for the pipeline benchmark (bench/pipeline.bench.ts), run as a child
 * process like a gateway would be: real HTTP/1.1 over keep-alive connections, `concurrency`
 * requests in flight, each a JSON array of one reading per device (`devices.length` readings)
 * with a fresh event time (wall clock, strictly increasing from request to request), so the
 * parent reads reading-to-alert latency as `now - eventTs`. The first `alertDevices` devices
 * alternate above 50 cm and below 10 cm from one request to the next.
 *
 * Bodies are built from two templates (high and low round) with the event time written into
 * fixed-width slots, so building one costs a copy and a few thousand 13-byte writes, not the
 * JSON of thousands of objects: the figure measures the server.
 *
 * `rate` (readings/s) paces requests open-loop: request k is due at start + k·batch/rate and
 * waits only for a free connection. 0 sends as fast as responses come back (closed loop).
 * Protocol over IPC: parent sends a {@link HttpLoadPlan}; child answers 'ready' once connected,
 * then on 'stop' answers {@link HttpLoadReport} and exits.
 */
import http from 'node:http';

/** What to send. */
export interface HttpLoadPlan {
  port: number;
  path: string;
  token: string | null;
  devices: string[];
  alertDevices: number;
  concurrency: number;
  /** Readings per second to aim at; 0: as fast as the server answers. */
  rate: number;
}

/** What was sent and answered, and what it cost the client. */
export interface HttpLoadReport {
  requests: number;
  accepted: number;
  failed: number;
  firstError: string | null;
  cpuMs: number;
  upMs: number;
}

const TS_WIDTH = 13;

/** A body template with `TS_WIDTH` zeros where each item's event time goes. */
function template(devices: string[], alertDevices: number, high: boolean): { buf: Buffer; slots: number[] } {
  const slots: number[] = [];
  let text = '[';
  devices.forEach((id, i) => {
    const v = i < alertDevices ? (high ? 60 : 5) : 3 + (i % 50) / 10;
    text += `${i === 0 ? '' : ','}{"deviceId":"${id}","ts":`;
    slots.push(Buffer.byteLength(text));
    text += `${'0'.repeat(TS_WIDTH)},"values":{"water_level_cm":${v}}}`;
  });
  return { buf: Buffer.from(`${text}]`), slots };
}

function run(plan: HttpLoadPlan): { stop(): Promise<HttpLoadReport> } {
  const templates = [template(plan.devices, plan.alertDevices, true), template(plan.devices, plan.alertDevices, false)];
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency });
  const report: HttpLoadReport = { requests: 0, accepted: 0, failed: 0, firstError: null, cpuMs: 0, upMs: 0 };
  let running = true;
  let round = 0;
  let lastTs = 0;
  const start = performance.now();
  const perRequestMs = plan.rate > 0 ? (plan.devices.length / plan.rate) * 1000 : 0;

  function body(): Buffer {
    const t = templates[round++ % 2]!;
    const buf = Buffer.from(t.buf);
    lastTs = Math.max(Date.now(), lastTs + 1);
    const ts = String(lastTs);
    for (const at of t.slots) buf.write(ts, at, 'latin1');
    return buf;
  }

  function post(payload: Buffer): Promise<void> {
    return new Promise((resolve) => {
      const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': payload.length };
      if (plan.token) headers.authorization = `Bearer ${plan.token}`;
      const req = http.request({ host: '127.0.0.1', port: plan.port, path: plan.path, method: 'POST', agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          report.requests++;
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode === 200) report.accepted += (JSON.parse(text) as { accepted: number }).accepted;
          else {
            report.failed++;
            report.firstError ??= `${res.statusCode}: ${text.slice(0, 300)}`;
          }
          resolve();
        });
      });
      req.on('error', (e) => {
        report.failed++;
        report.firstError ??= e.message;
        resolve();
      });
      req.end(payload);
    });
  }

  let next = 0;
  const loops = Array.from({ length: plan.concurrency }, async () => {
    while (running) {
      if (perRequestMs > 0) {
        const due = start + next++ * perRequestMs;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (!running) break;
      }
      await post(body());
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      const cpu = process.cpuUsage();
      return { ...report, cpuMs: (cpu.user + cpu.system) / 1000, upMs: process.uptime() * 1000 };
    },
  };
}

let current: ReturnType<typeof run> | null = null;
process.on('message', (message: unknown) => {
  if (message === 'stop') {
    void current?.stop().then((report) => process.send?.(report, () => process.exit(0)));
    return;
  }
  current = run(message as HttpLoadPlan);
  process.send?.('ready');
});
