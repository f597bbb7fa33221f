/**
 * Rotating the data key, on every dialect: the demo population and a bridge system sealed under
 * the first key; `rotate` puts a new key on the key file; a platform started with the new ring
 * still reads everything, re-imports a person as an update (not a second person) and finds
 * residents sealed under either key; a start with the new key alone is refused until `reseal`
 * has moved every record and secret (persons' natural keys recomputed); then it starts, the old
 * key is forgotten, and everything opens with the new key alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { buildServices } from '../../src/compose.ts';
import { loadDemo } from '../../src/demo/load-demo.ts';
import { dataKeyForgetCommand, dataKeyResealCommand, dataKeyRotateCommand } from '../../src/cli/data-key.ts';
import { DATA_KEY_FILE, resolveDataKeys } from '../../src/registry/data-key.ts';
import { createFieldCipher } from '../../src/registry/field-cipher.ts';
import { recordFromRow } from '../../src/registry/record-codec.ts';
import { CLI_ACTOR } from '../../src/registry/actor.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';
import { NANJING_1, syntheticId } from './support.ts';

const silent = () => {};

describe.each(availableDialects())('data key rotation (%s)', (dialect) => {
  let t: TestDb;
  let config: Config;
  const withKey = (key: string) => loadConfig({}, { ...base(), dataKey: key });
  const base = () => ({
    dataDir: t.dataDir,
    logLevel: 'silent' as const,
    demo: true,
    databaseUrl: t.schema ? process.env.DATABASE_URL! : null,
    databaseSchema: t.schema,
  });
  const rows = () => t.database.db.selectFrom('registry_records').selectAll().orderBy('id').execute();

  beforeAll(async () => {
    t = await openTestDb(dialect);
    config = loadConfig({}, base());
  });
  afterAll(async () => t?.cleanup());

  it('rotates, keeps everything readable, reseals, and forgets the old key', async () => {
    // Under the first key: the demo population, one person of our own, a 12345 system.
    const first = await buildServices(config);
    try {
      await loadDemo(first);
      const r = await first.registry.import(
        'person',
        [{ community: NANJING_1, name: '钱一', idNumber: syntheticId(1), phone: '13800000001' }],
        CLI_ACTOR,
      );
      expect(r.accepted).toBe(1);
      await first.bridge.createSystem(
        { name: '12345 热线', channel: 'hotline', callbackUrl: 'http://127.0.0.1:9/callback' },
        { userId: 'system', username: 'test' },
      );
    } finally {
      await first.close();
    }
    const before = await rows();
    const [k0] = createFieldCipher(resolveDataKeys(config).current).keyIds;
    expect(before.length).toBeGreaterThan(1000);
    expect(before.every((r) => r.sealed_fields === '' || r.sealed_fields.startsWith(`v1.${k0}.`))).toBe(true);

    dataKeyRotateCommand(config, silent);
    const ring = resolveDataKeys(config);
    const both = createFieldCipher(ring.current, ring.previous);
    const [k1] = both.keyIds;
    expect(both.keyIds).toEqual([k1, k0]);
    expect(fs.readFileSync(path.join(t.dataDir, DATA_KEY_FILE), 'utf8').trim().split('\n')).toHaveLength(2);

    // The new key alone cannot open the stored data yet: refused at start, naming the key.
    const alone = withKey(ring.current.toString('base64'));
    await expect(buildServices(alone)).rejects.toThrow(new RegExp(`sealed with data key ${k0}`));

    // With the ring: the old person is updated by a re-import, residents resolve under either key.
    const second = await buildServices(config);
    try {
      const again = await second.registry.import(
        'person',
        [{ community: NANJING_1, name: '钱一', idNumber: syntheticId(1), phone: '13800000002' }],
        CLI_ACTOR,
      );
      expect([again.accepted, again.updated, again.rejectedRows]).toEqual([0, 1, 0]);
      const demoPerson = before.find((r) => r.kind === 'person' && r.id !== again.records[0]!.id)!;
      const demoId = recordFromRow(demoPerson, both).fields.idNumber as string;
      const home = await second.registry.import(
        'housing',
        [{ community: NANJING_1, building: '测试楼', room: '101', residentIdNumbers: [syntheticId(1), demoId] }],
        CLI_ACTOR,
      );
      expect(home.rejected).toEqual([]);
      expect(home.accepted).toBe(1);
    } finally {
      await second.close();
    }
    const mixed = await rows();
    expect(mixed.filter((r) => r.kind === 'person')).toHaveLength(before.filter((r) => r.kind === 'person').length);
    const updated = mixed.find((r) => r.kind === 'person' && recordFromRow(r, both).fields.idNumber === syntheticId(1))!;
    expect(updated.sealed_fields.startsWith(`v1.${k1}.`)).toBe(true);
    expect(updated.natural_key).toBe(both.idHash(syntheticId(1)));

    // Reseal: nothing left under the old key; persons' natural keys follow the new key.
    const lines: string[] = [];
    const report = await dataKeyResealCommand(config, (l) => lines.push(l));
    expect(report).toEqual({ remaining: 0, conflicts: [] });
    expect(lines.join('\n')).toMatch(/bridge: 1 system secrets resealed; 0 left/);
    const after = await rows();
    expect(after.map((r) => r.id)).toEqual(mixed.map((r) => r.id));
    const newOnly = createFieldCipher(ring.current);
    for (const r of after) {
      if (r.sealed_fields === '') continue;
      expect(r.sealed_fields.startsWith(`v1.${k1}.`)).toBe(true);
      const rec = recordFromRow(r, newOnly);
      if (r.kind === 'person') expect(r.natural_key).toBe(newOnly.idHash(rec.fields.idNumber as string));
    }
    const secrets = await t.database.db.selectFrom('bridge_systems').select('secret_sealed').execute();
    expect(secrets.map((s) => s.secret_sealed.slice(0, 12))).toEqual([`v1.${k1}.`]);
    expect((await dataKeyResealCommand(config, silent)).remaining).toBe(0); // again: nothing to do

    // The new key alone now starts; the old one can be forgotten.
    await (await buildServices(alone)).close();
    await dataKeyForgetCommand(config, silent);
    expect(resolveDataKeys(config).previous).toHaveLength(0);
    const last = await buildServices(config);
    try {
      expect(last.registry.keyIds).toEqual([k1]);
    } finally {
      await last.close();
    }
  }, 120_000);
});
