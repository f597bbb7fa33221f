/** `cityops start`: runs the whole platform in one process until Ctrl-C or SIGTERM. */
import fs from 'node:fs';
import type { Config } from '../config.ts';
import { buildPlatform, buildServices } from '../compose.ts';
import { loadDemo } from '../demo/load-demo.ts';
import { demoScenarios } from '../public/scenarios/demo-scenarios.ts';
import { linkDemoMeters } from '../welfare/demo-meters.ts';
import { startMqttIngest } from '../mqtt-ingest/start-mqtt-ingest.ts';
import { progressBar } from './progress.ts';

/** How `start` was asked for the MQTT port: a default may be skipped, an explicit one may not. */
export interface StartOptions {
  mqttPortExplicit?: boolean;
}

/** Starts the platform; resolves once it listens. Returns a stopper for tests. */
export async function startCommand(
  config: Config,
  print: (line: string) => void = console.log,
  options: StartOptions = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const services = await buildServices(config);
  let accounts: Awaited<ReturnType<typeof loadDemo>>['accounts'] | null = null;
  if (config.demo) {
    const bar = progressBar('loading the demo city');
    const result = await loadDemo(services, (d, t) => bar.update(d, t));
    bar.stop();
    accounts = result.accounts;
    if (result.loaded) {
      print(`Loaded the demo city: ${services.geo.count()} jurisdictions, ${services.directory.unitCount()} units.`);
      // The elderly story ready to run: meters at elderly homes, the demo community worker's
      // community first. Only here, not in loadDemo, so test platforms keep their exact devices.
      const worker = (await services.directory.listUsers('/')).find((u) => u.username === 'community_worker');
      const community = worker?.unitId ? (services.directory.getUnit(worker.unitId)?.jurisdictionId ?? null) : null;
      const meters = await linkDemoMeters(services, community);
      if (meters > 0)
        print(`Linked ${meters} water meters to homes of elderly residents living alone (cityops simulate elderly drives them).`);
      const open311Key = await services.open311Keys.ensureDemoKey();
      if (open311Key) print(`Open311 demo api_key (shown only now): ${open311Key.key}  (POST /open311/v2/requests.json)`);
    }
    // The published register of the demo's scenarios, when it is empty (also for cities loaded before it existed).
    if ((await services.scenarios.seed(demoScenarios())) > 0) print('Published the demo register of application scenarios.');
  }
  if (config.roles.includes('rules')) await services.startPipeline();
  if (config.roles.includes('scheduler')) await services.startScheduler();
  const platform = await buildPlatform(services);
  let address: string;
  try {
    address = await platform.app.listen({ port: config.port, host: config.host });
  } catch (e) {
    await platform.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE')
      throw new Error(`port ${config.port} is already in use; stop the other process or start with --port <n> (or PORT=<n>)`);
    throw e;
  }
  const port = new URL(address).port;
  const url = `http://localhost:${port}`;
  let mqtt: Awaited<ReturnType<typeof startMqttIngest>> | null = null;
  if (config.roles.includes('ingest')) {
    try {
      mqtt = await startMqttIngest({ ingest: services.sensing, config, clock: services.clock });
      services.sensing.setMqttStats(() => mqtt?.stats() ?? null);
    } catch (e) {
      // An explicit port or broker the operator asked for must work; the default port may be
      // taken by a broker already on the machine, and HTTP ingestion still works without it.
      if (options.mqttPortExplicit || config.mqttUrl) {
        await platform.close();
        throw e;
      }
      print(`warning: MQTT ingestion is off: ${(e as Error).message}`);
    }
  }
  print(`cityops is running at ${url}  (API docs: ${url}/api/docs)`);
  if (mqtt) print(mqtt.mode === 'embedded' ? `MQTT broker for devices: ${mqtt.url}` : `MQTT: subscribed to ${mqtt.url}`);
  print(`storage: ${services.database.describe}`);
  if (accounts) {
    print(`Demo sign-ins (password for all: ${accounts.password}):`);
    for (const u of accounts.users) print(`  ${u.username.padEnd(22)} ${u.role.padEnd(17)} ${u.displayName}`);
  }
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      // Devices first, so what they sent is stored before storage closes.
      await mqtt?.close();
      await platform.close();
    })());
  return { url, stop };
}
