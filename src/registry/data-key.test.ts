import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_KEY_FILE, forgetPreviousKeys, resolveDataKeys, rotateDataKeyFile } from './data-key.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function fileSettings() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-key-'));
  dirs.push(dataDir);
  return { dataKey: null, dataKeysPrevious: [], dataDir };
}

describe('data keys', () => {
  it('makes a key file (0600) on first use and reads the same key after', () => {
    const s = fileSettings();
    const ring = resolveDataKeys(s);
    expect(ring.current).toHaveLength(32);
    expect(ring.previous).toEqual([]);
    expect(fs.statSync(path.join(s.dataDir, DATA_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(resolveDataKeys(s).current.equals(ring.current)).toBe(true);
  });

  it('rotate puts a new key on top and keeps the old ones; forget-previous drops them', () => {
    const s = fileSettings();
    const k0 = resolveDataKeys(s).current;
    const once = rotateDataKeyFile(s);
    expect(once.current.equals(k0)).toBe(false);
    expect(once.previous.map((k) => k.equals(k0))).toEqual([true]);
    const twice = rotateDataKeyFile(s);
    expect(twice.previous.map((k) => k.toString('base64'))).toEqual([once.current, k0].map((k) => k.toString('base64')));
    expect(fs.readdirSync(s.dataDir)).toEqual([DATA_KEY_FILE]); // nothing left aside
    forgetPreviousKeys(s);
    const left = resolveDataKeys(s);
    expect(left.current.equals(twice.current)).toBe(true);
    expect(left.previous).toEqual([]);
  });

  it('takes the keys from the configuration when set, and leaves rotating them to the operator', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const s = { dataKey: a.toString('base64'), dataKeysPrevious: [b.toString('base64')], dataDir: fileSettings().dataDir };
    const ring = resolveDataKeys(s);
    expect(ring.current.equals(a) && ring.previous[0]!.equals(b)).toBe(true);
    expect(fs.existsSync(path.join(s.dataDir, DATA_KEY_FILE))).toBe(false);
    expect(() => rotateDataKeyFile(s)).toThrow(/CITYOPS_DATA_KEYS_PREVIOUS/);
    expect(() => forgetPreviousKeys(s)).toThrow(/unset CITYOPS_DATA_KEYS_PREVIOUS/);
  });

  it('names the line of a broken key file', () => {
    const s = fileSettings();
    fs.writeFileSync(path.join(s.dataDir, DATA_KEY_FILE), `${randomBytes(32).toString('base64')}\nnot-a-key\n`);
    expect(() => resolveDataKeys(s)).toThrow(/data\.key \(line 2\): the data key must be base64 of exactly 32 bytes/);
  });
});
