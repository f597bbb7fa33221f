/**
 * Load generator for the MQTT benchmark, run as a child process so publishing does not share a
 * core with the broker: opens one TCP connection per device, signs in, and writes pre-encoded
 * PUBLISH packets (QoS 0, or QoS 1 without waiting for PUBACKs) as fast as TCP flow control lets
 * it, until told to stop.
 * Protocol over IPC: parent sends a {@link LoadPlan}; child answers 'ready', then on 'stop'
 * answers `{ sent }` and exits.
 */
import net from 'node:net';
import { once } from 'node:events';
import { encodeConnect, encodePublish } from './mqtt-wire.ts';

/** What to publish. */
export interface LoadPlan {
  port: number;
  devices: Array<{ id: string; secret?: string }>;
  /** Topic per device, `{id}` replaced. */
  topic: string;
  payload: string;
  /** QoS of the publishes; default 0. */
  qos?: 0 | 1;
}

const PER_WRITE = 64;

/** Connects and signs in one device; resolves with its write loop, not yet started. */
async function connect(plan: LoadPlan, device: { id: string; secret?: string }): Promise<(state: State) => Promise<void>> {
  const socket = net.connect(plan.port, '127.0.0.1');
  socket.setNoDelay(true);
  await once(socket, 'connect');
  const connack = once(socket, 'data');
  socket.write(encodeConnect(`load-${device.id}`, device.secret === undefined ? undefined : device.id, device.secret));
  const [first] = (await connack) as [Buffer];
  if (first[0] !== 0x20 || first[3] !== 0) throw new Error(`CONNECT of ${device.id} refused: ${first.toString('hex')}`);
  socket.on('data', () => {}); // PUBACKs, if any
  socket.on('error', () => {});
  const one = encodePublish(plan.topic.replace('{id}', device.id), plan.payload, plan.qos ?? 0);
  const batch = Buffer.concat(Array.from({ length: PER_WRITE }, () => one));
  return async (state) => {
    let spins = 0;
    while (state.running) {
      const ok = socket.write(batch);
      state.sent += PER_WRITE;
      if (!ok) await once(socket, 'drain');
      else if (++spins % 16 === 0) await new Promise((r) => setImmediate(r));
    }
    socket.destroy();
  };
}

interface State {
  running: boolean;
  sent: number;
}

const state: State = { running: true, sent: 0 };
process.on('message', (message: unknown) => {
  if (message === 'stop') {
    state.running = false;
    process.send?.({ sent: state.sent }, () => process.exit(0));
    return;
  }
  const plan = message as LoadPlan;
  Promise.all(plan.devices.map((d) => connect(plan, d)))
    .then((loops) => {
      process.send?.('ready');
      return Promise.all(loops.map((loop) => loop(state)));
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
});
