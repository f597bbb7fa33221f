/**
 * Configuration: one frozen, typed object built from the environment and the command line.
 * Nothing else in the code base reads `process.env`.
 */
import path from 'node:path';

/** Roles a process can run (DESIGN.md §5). Issue 2 uses only `api`. */
export const PROCESS_ROLES = ['api', 'ingest', 'rules', 'scheduler'] as const;
/** One process role. */
export type ProcessRole = (typeof PROCESS_ROLES)[number];

/** The platform's configuration. */
export interface Config {
  /** Folder for the SQLite database and attachments. */
  dataDir: string;
  /** PostgreSQL connection string; SQLite in `dataDir` when absent. */
  databaseUrl: string | null;
  /** PostgreSQL schema (search_path) to use; lets tests and tenants share one server. */
  databaseSchema: string | null;
  /** HTTP port; 0 picks a free one. */
  port: number;
  /** HTTP host to bind. */
  host: string;
  /** Load the demo city (Shanghai) on first start. */
  demo: boolean;
  /** The roles this process runs. */
  roles: readonly ProcessRole[];
  /** The city's time zone for display and the working calendar. */
  timeZone: string;
  /** Log level for the HTTP server (pino levels) or 'silent'. */
  logLevel: string;
  /** Cookies marked Secure (behind HTTPS). */
  secureCookies: boolean;
  /** How long a browser session lives without activity, in ms. */
  sessionIdleMs: number;
  /** Port of the embedded MQTT broker (when `mqttUrl` is not set); 0 picks a free one. */
  mqttPort: number;
  /** External MQTT broker to subscribe to instead of embedding one, e.g. `mqtt://127.0.0.1:1883`. */
  mqttUrl: string | null;
  /** Username/password the platform uses on the external broker. */
  mqttUsername: string | null;
  mqttPassword: string | null;
  /** NATS server for the JetStream bus; the in-process bus when absent. */
  natsUrl: string | null;
  /** Number of reading shards (rules run per shard). */
  shards: number;
  /** `simulated` lets an admin move the platform's time forward (drills); `system` is real time. */
  clock: 'system' | 'simulated';
  /**
   * Key encrypting sensitive personal data at rest (base64 of 32 bytes, `CITYOPS_DATA_KEY`); when
   * null, the registry keeps a random key in `<dataDir>/data.key` (0600), made on first start.
   */
  dataKey: string | null;
}

/** Overrides that command-line options may pass; they win over the environment. */
export type ConfigOverrides = Partial<Omit<Config, 'roles'>> & { roles?: readonly string[] };

/** A configuration value that cannot be used, with the name of the setting. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
  }
}

function parsePort(raw: string | number | undefined, fallback: number, setting: string): number {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(setting, `must be a port number 0–65535, got ${JSON.stringify(raw)}`);
  }
  return n;
}

function parseRoles(raw: readonly string[] | string | undefined): readonly ProcessRole[] {
  if (raw === undefined || raw === '') return PROCESS_ROLES;
  const list = typeof raw === 'string' ? raw.split(',') : raw;
  const roles = list.map((r) => r.trim()).filter(Boolean);
  for (const r of roles) {
    if (!(PROCESS_ROLES as readonly string[]).includes(r)) {
      throw new ConfigError('roles', `unknown role "${r}"; use ${PROCESS_ROLES.join(', ')}`);
    }
  }
  return roles as ProcessRole[];
}

function parseShards(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new ConfigError('CITYOPS_SHARDS', 'must be a whole number 1–1024');
  return n;
}

function parseBool(raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(raw.toLowerCase());
}

/**
 * Builds the configuration.
 * @example loadConfig(process.env, { port: 8081 })
 */
export function loadConfig(env: Record<string, string | undefined>, overrides: ConfigOverrides = {}): Config {
  const dataDir = path.resolve(overrides.dataDir ?? env.CITYOPS_DATA_DIR ?? 'data');
  const config: Config = {
    dataDir,
    databaseUrl: overrides.databaseUrl ?? (env.DATABASE_URL || null),
    databaseSchema: overrides.databaseSchema ?? (env.DATABASE_SCHEMA || null),
    port: parsePort(overrides.port ?? env.PORT, 8080, 'port'),
    host: overrides.host ?? env.HOST ?? '0.0.0.0',
    demo: overrides.demo ?? parseBool(env.CITYOPS_DEMO, true),
    roles: parseRoles(overrides.roles ?? env.CITYOPS_ROLES),
    timeZone: overrides.timeZone ?? env.CITYOPS_TIME_ZONE ?? 'Asia/Shanghai',
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? 'warn',
    secureCookies: overrides.secureCookies ?? parseBool(env.CITYOPS_SECURE_COOKIES, false),
    sessionIdleMs: overrides.sessionIdleMs ?? 30 * 60_000,
    mqttPort: parsePort(overrides.mqttPort ?? env.MQTT_PORT, 1883, 'mqtt-port'),
    mqttUrl: overrides.mqttUrl ?? (env.MQTT_URL || null),
    mqttUsername: overrides.mqttUsername ?? (env.MQTT_USERNAME || null),
    mqttPassword: overrides.mqttPassword ?? (env.MQTT_PASSWORD || null),
    natsUrl: overrides.natsUrl ?? (env.NATS_URL || null),
    shards: overrides.shards ?? parseShards(env.CITYOPS_SHARDS),
    clock: parseClock(overrides.clock ?? env.CITYOPS_CLOCK),
    dataKey: parseDataKey(overrides.dataKey ?? (env.CITYOPS_DATA_KEY || null)),
  };
  if (config.databaseSchema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(config.databaseSchema)) {
    throw new ConfigError('DATABASE_SCHEMA', 'must be a lower-case SQL identifier');
  }
  return Object.freeze(config);
}

function parseClock(value: string | undefined): Config['clock'] {
  if (value === undefined || value === '' || value === 'system') return 'system';
  if (value === 'simulated') return 'simulated';
  throw new ConfigError('clock', `expected system or simulated, got ${value}`);
}

function parseDataKey(value: string | null): string | null {
  if (value === null) return null;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || Buffer.from(value, 'base64').length !== 32)
    throw new ConfigError('CITYOPS_DATA_KEY', 'must be base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`)');
  return value;
}
