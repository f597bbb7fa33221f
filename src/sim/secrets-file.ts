/**
 * The secrets of the simulated devices, kept in `<data-dir>/sim-devices.json` (mode 0600) so
 * MQTT can sign them in on the next run: the platform shows a device's secret only when it is
 * created or given a new one. Secrets are kept per platform URL, since two platforms may each
 * have a `sim-wm-0001`.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The file's shape. */
interface SecretsDoc {
  version: 1;
  note: string;
  /** Platform URL → device id → secret. */
  platforms: Record<string, Record<string, string>>;
}

/** The secrets file in a data folder. */
export function secretsPath(dataDir: string): string {
  return path.join(dataDir, 'sim-devices.json');
}

function read(file: string): SecretsDoc {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, note: '', platforms: {} };
    throw e;
  }
  const doc = JSON.parse(text) as Partial<SecretsDoc>;
  if (typeof doc !== 'object' || doc === null || typeof doc.platforms !== 'object' || doc.platforms === null)
    throw new Error(`${file} is not a simulator secrets file; move it away`);
  return { version: 1, note: doc.note ?? '', platforms: doc.platforms };
}

/**
 * The known secrets of the devices on a platform.
 * @example loadSecrets('./data/sim-devices.json', 'http://localhost:8080').get('sim-wm-0001')
 */
export function loadSecrets(file: string, url: string): Map<string, string> {
  return new Map(Object.entries(read(file).platforms[url] ?? {}));
}

/**
 * Writes the secrets of a platform's devices (other platforms' entries stay), readable by the
 * owner only; written to a temporary file and renamed, so a crash leaves the old file whole.
 * @example saveSecrets(file, 'http://localhost:8080', secrets)
 */
export function saveSecrets(file: string, url: string, secrets: ReadonlyMap<string, string>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const doc = read(file);
  doc.note = 'Device secrets of `cityops simulate` (MQTT passwords). Keep private.';
  doc.platforms[url] = Object.fromEntries([...secrets].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(doc, null, 1)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}
