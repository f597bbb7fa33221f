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
  /** Days a password stays valid; an older one must be changed before anything else (0: never expires). */
  passwordMaxAgeDays: number;
  /** Minutes after sign-in or re-authentication during which admin actions are allowed. */
  reauthMinutes: number;
  /** Sign-in attempts per minute from one IP address (0: no limit); on top of the per-account throttle. */
  signInRateLimit: number;
  /** Requests per minute from one IP address to each public endpoint (0: no limit). */
  publicRateLimit: number;
  /** Port of the embedded MQTT broker (when `mqttUrl` is not set); 0 picks a free one. */
  mqttPort: number;
  /** External MQTT broker to subscribe to instead of embedding one, e.g. `mqtt://127.0.0.1:1883`. */
  mqttUrl: string | null;
  /** Username/password the platform uses on the external broker. */
  mqttUsername: string | null;
  mqttPassword: string | null;
  /** NATS server for the JetStream bus (`NATS_URL`); the in-process bus when absent. */
  natsUrl: string | null;
  /**
   * The JetStream stream the bus keeps its subjects in (`CITYOPS_NATS_STREAM`, default `CITYOPS`);
   * its lower-case name prefixes every subject, so two cities (or test runs) can share one server.
   */
  natsStream: string;
  /** Number of reading shards (rules run per shard). */
  shards: number;
  /** `simulated` lets an admin move the platform's time forward (drills); `system` is real time. */
  clock: 'system' | 'simulated';
  /**
   * Key encrypting sensitive personal data at rest (base64 of 32 bytes, `CITYOPS_DATA_KEY`); when
   * null, the registry keeps a random key in `<dataDir>/data.key` (0600), made on first start.
   */
  dataKey: string | null;
  /**
   * Keys that sealed data before the last rotation (`CITYOPS_DATA_KEYS_PREVIOUS`, comma-separated
   * base64, only with `CITYOPS_DATA_KEY`): they open what they sealed until `cityops data-key reseal`.
   */
  dataKeysPrevious: readonly string[];
  /** Days venue check-ins are kept before the scheduler deletes them (`CITYOPS_CHECKIN_RETENTION_DAYS`, default 28). */
  checkinRetentionDays: number;
  /** Citizen reports one IP address may hand in per hour (`CITYOPS_CITIZEN_REPORTS_PER_IP_HOUR`, default 20; 0: no limit). */
  citizenReportsPerIpHour: number;
  /** Citizen reports one contact (phone or e-mail) may hand in per day (`CITYOPS_CITIZEN_REPORTS_PER_CONTACT_DAY`, default 10; 0: no limit). */
  citizenReportsPerContactDay: number;
  /**
   * Days a held citizen report waits for a moderator (`CITYOPS_CITIZEN_HELD_DAYS`, default 14; 0:
   * until decided). Then it is rejected as not moderated in time and its contact deleted — the
   * contact was given for this report, not to be kept while nobody looks at it.
   */
  citizenHeldDays: number;
  /**
   * A UTF-8 file of abusive words that hold a citizen report for moderation, one per line, added
   * to the built-in list (`CITYOPS_CITIZEN_ABUSE_WORDS_FILE`; none by default).
   */
  citizenAbuseWordsFile: string | null;
  /**
   * The `jurisdiction_id` the Open311 endpoint answers to (`CITYOPS_OPEN311_JURISDICTION`, default
   * `shanghai.cityops`): by the GeoReport v2 convention, the city's web domain.
   */
  open311JurisdictionId: string;
  /**
   * Smallest count published in the open statistics (`CITYOPS_OPEN_STATS_MIN_COUNT`, default 5,
   * at least 2): smaller counts, and the cells that would reveal them, are suppressed.
   */
  openStatsMinCount: number;
  /**
   * How near (metres, `CITYOPS_DUPLICATE_RADIUS_M`, default 50), how soon (hours,
   * `CITYOPS_DUPLICATE_WINDOW_HOURS`, default 24) and how certain (0–1,
   * `CITYOPS_DUPLICATE_AUTO_MERGE`, default 0.9) a new report of the same small class must be
   * to an open case to be proposed as its duplicate, and to be merged without a person.
   */
  duplicateRadiusM: number;
  duplicateWindowHours: number;
  duplicateAutoMergeConfidence: number;
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

/** A whole number ≥ 0 (limits, ages, windows), or the fallback when unset. */
function parseCount(raw: string | undefined, fallback: number, setting: string): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new ConfigError(setting, `must be a whole number ≥ 0, got ${JSON.stringify(raw)}`);
  return n;
}

/** A finite number > 0 (distances, hours), or the fallback when unset. */
function parsePositive(raw: string | undefined, fallback: number, setting: string): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(setting, `must be a number > 0, got ${JSON.stringify(raw)}`);
  return n;
}

/** A number within [0, 1] (a confidence), or the fallback when unset. */
function parseFraction(raw: string | undefined, fallback: number, setting: string): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!(n >= 0 && n <= 1)) throw new ConfigError(setting, `must be a number from 0 to 1, got ${JSON.stringify(raw)}`);
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
    passwordMaxAgeDays: overrides.passwordMaxAgeDays ?? parseCount(env.CITYOPS_PASSWORD_MAX_AGE_DAYS, 90, 'CITYOPS_PASSWORD_MAX_AGE_DAYS'),
    reauthMinutes: overrides.reauthMinutes ?? parseCount(env.CITYOPS_REAUTH_MINUTES, 5, 'CITYOPS_REAUTH_MINUTES'),
    signInRateLimit: overrides.signInRateLimit ?? parseCount(env.CITYOPS_SIGN_IN_RATE_LIMIT, 100, 'CITYOPS_SIGN_IN_RATE_LIMIT'),
    publicRateLimit: overrides.publicRateLimit ?? parseCount(env.CITYOPS_PUBLIC_RATE_LIMIT, 1200, 'CITYOPS_PUBLIC_RATE_LIMIT'),
    mqttPort: parsePort(overrides.mqttPort ?? env.MQTT_PORT, 1883, 'mqtt-port'),
    mqttUrl: overrides.mqttUrl ?? (env.MQTT_URL || null),
    mqttUsername: overrides.mqttUsername ?? (env.MQTT_USERNAME || null),
    mqttPassword: overrides.mqttPassword ?? (env.MQTT_PASSWORD || null),
    natsUrl: overrides.natsUrl ?? (env.NATS_URL || null),
    natsStream: overrides.natsStream ?? (env.CITYOPS_NATS_STREAM || 'CITYOPS'),
    shards: overrides.shards ?? parseShards(env.CITYOPS_SHARDS),
    clock: parseClock(overrides.clock ?? env.CITYOPS_CLOCK),
    dataKey: parseDataKey(overrides.dataKey ?? (env.CITYOPS_DATA_KEY || null)),
    dataKeysPrevious: overrides.dataKeysPrevious ?? parsePreviousKeys(env.CITYOPS_DATA_KEYS_PREVIOUS, env.CITYOPS_DATA_KEY),
    checkinRetentionDays: overrides.checkinRetentionDays ?? parseRetentionDays(env.CITYOPS_CHECKIN_RETENTION_DAYS),
    citizenReportsPerIpHour:
      overrides.citizenReportsPerIpHour ?? parseCount(env.CITYOPS_CITIZEN_REPORTS_PER_IP_HOUR, 20, 'CITYOPS_CITIZEN_REPORTS_PER_IP_HOUR'),
    citizenReportsPerContactDay:
      overrides.citizenReportsPerContactDay ??
      parseCount(env.CITYOPS_CITIZEN_REPORTS_PER_CONTACT_DAY, 10, 'CITYOPS_CITIZEN_REPORTS_PER_CONTACT_DAY'),
    citizenAbuseWordsFile: overrides.citizenAbuseWordsFile ?? (env.CITYOPS_CITIZEN_ABUSE_WORDS_FILE || null),
    citizenHeldDays: overrides.citizenHeldDays ?? parseCount(env.CITYOPS_CITIZEN_HELD_DAYS, 14, 'CITYOPS_CITIZEN_HELD_DAYS'),
    open311JurisdictionId: overrides.open311JurisdictionId ?? (env.CITYOPS_OPEN311_JURISDICTION || 'shanghai.cityops'),
    openStatsMinCount: overrides.openStatsMinCount ?? parseCount(env.CITYOPS_OPEN_STATS_MIN_COUNT, 5, 'CITYOPS_OPEN_STATS_MIN_COUNT'),
    duplicateRadiusM: overrides.duplicateRadiusM ?? parsePositive(env.CITYOPS_DUPLICATE_RADIUS_M, 50, 'CITYOPS_DUPLICATE_RADIUS_M'),
    duplicateWindowHours:
      overrides.duplicateWindowHours ?? parsePositive(env.CITYOPS_DUPLICATE_WINDOW_HOURS, 24, 'CITYOPS_DUPLICATE_WINDOW_HOURS'),
    duplicateAutoMergeConfidence:
      overrides.duplicateAutoMergeConfidence ?? parseFraction(env.CITYOPS_DUPLICATE_AUTO_MERGE, 0.9, 'CITYOPS_DUPLICATE_AUTO_MERGE'),
  };
  if (config.openStatsMinCount < 2) {
    throw new ConfigError('CITYOPS_OPEN_STATS_MIN_COUNT', 'must be at least 2: a count of 1 names one person');
  }
  if (!/^[A-Za-z][\w-]{0,31}$/.test(config.natsStream)) {
    throw new ConfigError('CITYOPS_NATS_STREAM', 'must be a letter then up to 31 letters, digits, "_" or "-"');
  }
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

function parsePreviousKeys(raw: string | undefined, current: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  if (!current) throw new ConfigError('CITYOPS_DATA_KEYS_PREVIOUS', 'needs CITYOPS_DATA_KEY (the current key) beside it');
  return raw.split(',').map((k, i) => {
    const key = k.trim();
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || Buffer.from(key, 'base64').length !== 32)
      throw new ConfigError('CITYOPS_DATA_KEYS_PREVIOUS', `key ${i + 1} is not base64 of exactly 32 bytes`);
    return key;
  });
}

function parseRetentionDays(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 28;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 3650) {
    throw new ConfigError('CITYOPS_CHECKIN_RETENTION_DAYS', 'must be a whole number of days 1–3650');
  }
  return n;
}
