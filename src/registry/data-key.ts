/**
 * Where the data key comes from: `CITYOPS_DATA_KEY` (base64 of 32 bytes) when set; otherwise a
 * key file `data.key` in the data folder, created with random bytes and mode 0600 on first start,
 * so `npm start` works on a fresh machine. The key never goes into the database: a stolen
 * database (or backup) alone reveals no sensitive field.
 *
 * Several processes sharing one PostgreSQL database must share one key: set CITYOPS_DATA_KEY
 * for them (a key file is per machine).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Name of the key file in the data folder. */
export const DATA_KEY_FILE = 'data.key';

/**
 * The data key for a configuration; creates the key file when there is neither key nor file.
 * @example const key = resolveDataKey({ dataKey: null, dataDir: '/var/lib/cityops' });
 */
export function resolveDataKey(config: { dataKey: string | null; dataDir: string }): Buffer {
  if (config.dataKey !== null) return decodeKey(config.dataKey, 'CITYOPS_DATA_KEY');
  const file = path.join(config.dataDir, DATA_KEY_FILE);
  fs.mkdirSync(config.dataDir, { recursive: true });
  try {
    // `wx`: never overwrite a key another process wrote meanwhile; that would orphan its data.
    fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return decodeKey(fs.readFileSync(file, 'utf8').trim(), file);
}

function decodeKey(base64: string, where: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error(`${where}: the data key must be base64 of exactly 32 bytes`);
  return key;
}
