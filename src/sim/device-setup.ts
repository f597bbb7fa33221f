/**
 * Making sure the simulated devices exist on the platform, over its API: missing ones are
 * imported in bulk (their secrets, shown once, go to the secrets file), existing ones are
 * checked (type) and given missing scenario tags (the demo rules select by tag), and devices
 * that will sign in over MQTT without a known secret get a new one.
 */
import {
  communitiesAt,
  getDevice,
  IMPORT_CHUNK,
  importDevices,
  listDevicesTagged,
  rotateSecret,
  setTags,
  type ImportRow,
  type RemoteDevice,
} from './platform-api.ts';
import type { PlatformClient } from './platform-client.ts';
import { saveSecrets } from './secrets-file.ts';
import { SIM_TAG } from './scenarios.ts';
import type { SimDevice } from './sim-model.ts';

/** What setting up found and did. */
export interface SetupReport {
  /** Devices ready to simulate (registered with the right type). */
  ready: SimDevice[];
  existing: number;
  created: number;
  retagged: number;
  /** Devices that cannot be simulated, with the reason. */
  skipped: Array<{ id: string; reason: string }>;
}

/** Where secrets are kept. */
export interface SecretsKeeper {
  file: string;
  url: string;
  secrets: Map<string, string>;
}

function toRow(d: SimDevice, at: { lon: number; lat: number }): ImportRow {
  return { id: d.id, type: d.type, name: d.name, lon: at.lon, lat: at.lat, tags: d.tags, householdRef: d.householdRef };
}

/** Runs `f` over items with at most `n` at a time. */
async function eachLimited<T>(items: readonly T[], n: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await f(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

/**
 * Ensures the planned devices exist; returns those ready to simulate.
 * @example const report = await ensureDevices(client, planned, keeper, console.error);
 */
export async function ensureDevices(
  c: PlatformClient,
  planned: readonly SimDevice[],
  keeper: SecretsKeeper,
  log: (line: string) => void,
): Promise<SetupReport> {
  const report: SetupReport = { ready: [], existing: 0, created: 0, retagged: 0, skipped: [] };
  const remote = await listDevicesTagged(c, SIM_TAG);
  const missing: SimDevice[] = [];
  const reconcile = async (d: SimDevice, r: RemoteDevice): Promise<void> => {
    report.existing++;
    if (r.type !== d.type) {
      report.skipped.push({ id: d.id, reason: `exists as a ${r.type}, not a ${d.type}` });
      return;
    }
    const lacking = d.tags.filter((t) => !r.tags.includes(t));
    if (lacking.length > 0) {
      await setTags(c, d.id, [...r.tags, ...lacking]);
      report.retagged++;
    }
    report.ready.push(d);
  };
  for (const d of planned) {
    const r = remote.get(d.id);
    if (r) await reconcile(d, r);
    else missing.push(d);
  }
  if (missing.length === 0) return report;

  log(`registering ${missing.length} simulated device${missing.length === 1 ? '' : 's'}…`);
  // A jittered point may fall just outside its community: then the community's own point.
  const found = await communitiesAt(c, missing);
  const rows = missing.map((d, i) => toRow(d, found[i] === d.place.code ? d : { lon: d.place.center[0], lat: d.place.center[1] }));
  const byId = new Map(missing.map((d) => [d.id, d]));
  for (let i = 0; i < rows.length; i += IMPORT_CHUNK) {
    const chunk = rows.slice(i, i + IMPORT_CHUNK);
    const answer = await importDevices(c, chunk);
    report.created += answer.created;
    for (const a of answer.accepted) {
      const d = byId.get(a.id);
      if (!d) continue;
      if (a.secret) keeper.secrets.set(a.id, a.secret);
      report.ready.push(d);
    }
    saveSecrets(keeper.file, keeper.url, keeper.secrets);
    for (const r of answer.rejected) {
      const d = r.id ? byId.get(r.id) : undefined;
      if (!d) continue;
      // Exists without the `sim` tag (so the listing missed it): check it like the others.
      const existing = r.message.includes('exists') ? await getDevice(c, d.id) : null;
      if (existing) await reconcile(d, existing);
      else report.skipped.push({ id: d.id, reason: `${r.field}: ${r.message}` });
    }
  }
  return report;
}

/**
 * Gives a new secret to each device in `ids` whose secret is not known (they are about to sign
 * in over MQTT), and saves the secrets. Returns how many were rotated.
 * @example await ensureSecrets(client, mqttIds, keeper);
 */
export async function ensureSecrets(c: PlatformClient, ids: readonly string[], keeper: SecretsKeeper): Promise<number> {
  const unknown = ids.filter((id) => !keeper.secrets.has(id));
  let rotated = 0;
  try {
    await eachLimited(unknown, 8, async (id) => {
      keeper.secrets.set(id, await rotateSecret(c, id));
      rotated++;
    });
  } finally {
    if (rotated > 0) saveSecrets(keeper.file, keeper.url, keeper.secrets);
  }
  return rotated;
}
