/** `cityops open311 key create <name>`: makes an Open311 api_key for a client application; prints it once. */
import type { Config } from '../config.ts';
import { buildServices } from '../compose.ts';
import { AppError } from '../platform/errors.ts';

/** Options of `open311 key create`. */
export interface Open311KeyOptions {
  name: string;
  /** Jurisdiction code or id the client may report in (its subtree); the whole city when absent. */
  jurisdiction?: string;
}

/**
 * Makes the key; errors name the argument or option at fault.
 * @example await open311KeyCreateCommand(config, { name: 'district-app', jurisdiction: '310101' });
 */
export async function open311KeyCreateCommand(
  config: Config,
  o: Open311KeyOptions,
  print: (line: string) => void = console.log,
): Promise<void> {
  const services = await buildServices(config);
  try {
    const { key, record } = await services.open311Keys.create(
      { name: o.name, jurisdiction: o.jurisdiction ?? null },
      { kind: 'system', name: 'cli' },
    );
    const where = record.jurisdictionId ? ` for ${services.geo.get(record.jurisdictionId)?.name ?? record.jurisdictionId}` : '';
    print(`Open311 api_key for ${record.name}${where} (shown only now; keep it secret):`);
    print(key);
  } catch (e) {
    if (e instanceof AppError) {
      const field = e.fields[0]?.field;
      const message = field && e.message.startsWith(`${field}: `) ? e.message.slice(field.length + 2) : e.message;
      throw new Error(`${field === 'jurisdictionId' ? '--jurisdiction' : '<name>'}: ${message}`);
    }
    throw e;
  } finally {
    await services.close();
  }
}
