/**
 * Where the data keys come from. The current key seals everything written from now on; previous
 * keys only open what they sealed, until `cityops data-key reseal` has moved it to the current key
 * (key rotation: a leaked or aged key is replaced without losing a record).
 *
 * - `CITYOPS_DATA_KEY` (base64 of 32 bytes) is the current key when set, and
 *   `CITYOPS_DATA_KEYS_PREVIOUS` (comma-separated) the previous ones.
 * - Otherwise the key file `data.key` in the data folder: its first line is the current key, any
 *   further lines previous ones. It is created with random bytes and mode 0600 on first start, so
 *   `npm start` works on a fresh machine, and `cityops data-key rotate` puts a new key on top.
 *
 * The keys never go into the database: a stolen database (or backup) alone reveals no sensitive
 * field. Several processes sharing one PostgreSQL database must share the keys: set the
 * variables for them (a key file is per machine).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Name of the key file in the data folder. */
export const DATA_KEY_FILE = 'data.key';

/** The keys in use: `current` seals; every key opens what it sealed. */
export interface DataKeyRing {
  current: Buffer;
  previous: readonly Buffer[];
}

/** Where a configuration takes its keys from. */
export interface DataKeySettings {
  dataKey: string | null;
  dataKeysPrevious: readonly string[];
  dataDir: string;
}

/**
 * The data keys for a configuration; creates the key file when there is neither key nor file.
 * @example const ring = resolveDataKeys({ dataKey: null, dataKeysPrevious: [], dataDir: '/var/lib/cityops' });
 */
export function resolveDataKeys(config: DataKeySettings): DataKeyRing {
  if (config.dataKey !== null)
    return {
      current: decodeKey(config.dataKey, 'CITYOPS_DATA_KEY'),
      previous: config.dataKeysPrevious.map((k, i) => decodeKey(k, `CITYOPS_DATA_KEYS_PREVIOUS (key ${i + 1})`)),
    };
  const file = path.join(config.dataDir, DATA_KEY_FILE);
  fs.mkdirSync(config.dataDir, { recursive: true });
  try {
    // `wx`: never overwrite a key another process wrote meanwhile; that would orphan its data.
    fs.writeFileSync(file, `${newKey()}\n`, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return readKeyFile(file);
}

/**
 * Puts a fresh key on top of the data folder's key file, keeping the others as previous keys;
 * answers the new ring. The file is replaced whole (written aside, then renamed), so a crash
 * leaves the old file or the new one, never half of one. Refused when the keys come from
 * `CITYOPS_DATA_KEY`: the operator sets those.
 * @example const ring = rotateDataKeyFile({ dataKey: null, dataKeysPrevious: [], dataDir });
 */
export function rotateDataKeyFile(config: DataKeySettings): DataKeyRing {
  if (config.dataKey !== null)
    throw new Error(
      'the data keys come from CITYOPS_DATA_KEY: set CITYOPS_DATA_KEYS_PREVIOUS to the current key and CITYOPS_DATA_KEY to a new one ' +
        '(openssl rand -base64 32) for every process, restart them, then run cityops data-key reseal',
    );
  const ring = resolveDataKeys(config);
  const file = path.join(config.dataDir, DATA_KEY_FILE);
  const lines = [newKey(), ...[ring.current, ...ring.previous].map((k) => k.toString('base64'))];
  const aside = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(aside, `${lines.join('\n')}\n`, { flag: 'w', mode: 0o600 });
  fs.renameSync(aside, file);
  return readKeyFile(file);
}

/**
 * Drops the key file's previous keys (once `reseal` found nothing sealed with them), so a leaked
 * old key opens nothing here any more. Refused when the keys come from `CITYOPS_DATA_KEY`.
 * @example forgetPreviousKeys({ dataKey: null, dataKeysPrevious: [], dataDir });
 */
export function forgetPreviousKeys(config: DataKeySettings): void {
  if (config.dataKey !== null) throw new Error('the data keys come from CITYOPS_DATA_KEY: unset CITYOPS_DATA_KEYS_PREVIOUS instead');
  const { current } = resolveDataKeys(config);
  const file = path.join(config.dataDir, DATA_KEY_FILE);
  const aside = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(aside, `${current.toString('base64')}\n`, { flag: 'w', mode: 0o600 });
  fs.renameSync(aside, file);
}

function readKeyFile(file: string): DataKeyRing {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0) throw new Error(`${file}: empty; restore it from a backup (without it the sealed fields cannot be read)`);
  const keys = lines.map((l, i) => decodeKey(l, `${file} (line ${i + 1})`));
  return { current: keys[0]!, previous: keys.slice(1) };
}

function newKey(): string {
  return randomBytes(32).toString('base64');
}

function decodeKey(base64: string, where: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error(`${where}: the data key must be base64 of exactly 32 bytes`);
  return key;
}
