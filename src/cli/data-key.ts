/**
 * `cityops data-key rotate | reseal | forget-previous`: replacing the key that seals personal data
 * at rest (registry records, bridge secrets; check-in hashes age out with their retention).
 *
 * The order, for a key file: `rotate` (a new current key on top, the old one kept as previous) →
 * restart every cityops process (they seal with the key they started with) → `reseal` (moves what
 * the old key sealed to the new one; run it again if a process was restarted late) →
 * `forget-previous` (drops the old key from the file once nothing needs it). With
 * `CITYOPS_DATA_KEY`, the operator sets the variables instead of `rotate` and `forget-previous`.
 */
import type { Config } from '../config.ts';
import { buildServices } from '../compose.ts';
import { forgetPreviousKeys, rotateDataKeyFile } from '../registry/data-key.ts';
import { createFieldCipher } from '../registry/field-cipher.ts';

type Print = (line: string) => void;

/** What a reseal found, for the command's exit code. */
export interface ResealReport {
  /** Records and secrets still under previous keys. */
  remaining: number;
  /** Registry records that could not take the current key's natural key (duplicates of one person). */
  conflicts: string[];
}

/**
 * Puts a new key on top of the data folder's key file.
 * @example dataKeyRotateCommand(config);
 */
export function dataKeyRotateCommand(config: Config, print: Print = console.log): void {
  const ring = rotateDataKeyFile(config);
  const [current, ...previous] = createFieldCipher(ring.current, ring.previous).keyIds;
  print(`new data key ${current}; previous keys ${previous.join(', ')} still open what they sealed.`);
  print('Next: restart every cityops process, then run `cityops data-key reseal`.');
}

/**
 * Moves registry records and bridge secrets to the current key.
 * @example const report = await dataKeyResealCommand(config); if (report.remaining > 0) process.exitCode = 1;
 */
export async function dataKeyResealCommand(config: Config, print: Print = console.log): Promise<ResealReport> {
  const services = await buildServices(config);
  try {
    const tty = process.stderr.isTTY;
    const records = await services.registry.reseal((done) => void (tty && process.stderr.write(`\rresealed ${done} records`)));
    if (tty) process.stderr.write('\n');
    const secrets = await services.bridge.resealSecrets();
    const [current] = services.registry.keyIds;
    print(`registry: ${records.resealed} records resealed under key ${current}; ${records.remaining} left under other keys.`);
    print(`bridge: ${secrets.resealed} system secrets resealed; ${secrets.remaining} left under other keys.`);
    if (records.changedMeanwhile > 0) print(`${records.changedMeanwhile} records changed while resealing: run reseal again.`);
    if (records.conflicts.length > 0)
      print(`records whose person is registered twice (merge them, then reseal again): ${records.conflicts.join(', ')}`);
    const remaining = records.remaining + secrets.remaining;
    if (remaining === 0) print('Nothing is sealed under a previous key: `cityops data-key forget-previous` may drop them.');
    return { remaining, conflicts: records.conflicts };
  } finally {
    await services.close();
  }
}

/**
 * Drops the key file's previous keys, after checking (by resealing) that nothing needs them.
 * @example await dataKeyForgetCommand(config);
 */
export async function dataKeyForgetCommand(config: Config, print: Print = console.log): Promise<void> {
  const report = await dataKeyResealCommand(config, print);
  if (report.remaining > 0)
    throw new Error(`${report.remaining} values are still sealed under previous keys; the keys stay until reseal moves them`);
  forgetPreviousKeys(config);
  print('previous data keys removed from the key file.');
}
