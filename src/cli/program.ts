/**
 * The `cityops` command line: start, migrate, import, user add, data-key, open311, simulate. Each has `--help`. Commands are
 * imported when they run, so `--help` does not load the whole platform.
 */
import fs from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig, type Config, type ConfigOverrides } from '../config.ts';
import { LEVELS } from '../geo/model.ts';
import { CRS_LIST } from '../geo/crs.ts';
import { ROLE_LIST } from '../directory/roles.ts';

function portArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number 0–65535');
  return n;
}

const dataDirOption = () =>
  new Option('--data-dir <dir>', 'folder for the SQLite database and files (env CITYOPS_DATA_DIR; default ./data)');

/**
 * Builds the program; `env` stands in for process.env so tests can pass their own.
 * @example await buildProgram(process.env).parseAsync(process.argv)
 */
export function buildProgram(env: Record<string, string | undefined>): Command {
  const program = new Command('cityops')
    .description('City operations platform (一网统管): one screen, early warning, closed-loop cases.')
    .showHelpAfterError();
  const config = (o: ConfigOverrides) => loadConfig(env, o);

  program
    .command('start')
    .description('run the platform (API, web, demo city) in one process')
    .option('--port <port>', 'HTTP port (env PORT; default 8080)', portArg)
    .option('--host <host>', 'address to bind (default 0.0.0.0)')
    .addOption(dataDirOption())
    .option('--no-demo', 'start without loading the demo city')
    .option('--roles <roles>', 'process roles, comma-separated: api,ingest,rules,scheduler (default all)')
    .option('--mqtt-port <port>', 'port of the embedded MQTT broker for devices (env MQTT_PORT; default 1883; 0 = any free)', portArg)
    .option('--mqtt-url <url>', 'use an external MQTT broker instead, e.g. mqtt://127.0.0.1:1883 (env MQTT_URL)')
    .option('--clock <kind>', 'system (default) or simulated: an admin may move time forward for drills (env CITYOPS_CLOCK)')
    .action(
      async (o: {
        port?: number;
        host?: string;
        dataDir?: string;
        demo: boolean;
        roles?: string;
        mqttPort?: number;
        mqttUrl?: string;
        clock?: string;
      }) => {
        const cfg = config({
          ...(o.clock ? { clock: o.clock as Config['clock'] } : {}),
          ...(o.port !== undefined ? { port: o.port } : {}),
          ...(o.mqttPort !== undefined ? { mqttPort: o.mqttPort } : {}),
          ...(o.mqttUrl ? { mqttUrl: o.mqttUrl } : {}),
          ...(o.host ? { host: o.host } : {}),
          ...(o.dataDir ? { dataDir: o.dataDir } : {}),
          ...(o.demo === false ? { demo: false } : {}),
          ...(o.roles ? { roles: o.roles.split(',') } : {}),
        });
        const { startCommand } = await import('./start.ts');
        // Handlers before starting: a Ctrl-C right after "running" is printed (or during the
        // start) must stop cleanly, not meet Node's default. `on`, not `once`: a second Ctrl-C
        // (terminals re-send) must find a handler too. During the start a second one gives up.
        let signalled: string | null = null;
        let onStopSignal: ((signal: string) => void) | null = null;
        const onSignal = (signal: string) => {
          if (onStopSignal) return onStopSignal(signal);
          if (signalled) process.exit(130);
          signalled = signal;
          console.log(`\n${signal}: stopping as soon as the start is done (again to give up now)…`);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        const running = await startCommand(cfg, console.log, { mqttPortExplicit: o.mqttPort !== undefined || Boolean(env.MQTT_PORT) });
        await new Promise<void>((resolve) => {
          let stopping = false;
          onStopSignal = (signal: string) => {
            if (stopping) return;
            stopping = true;
            console.log(`\n${signal}: stopping…`);
            running.stop().then(resolve, (e: unknown) => {
              console.error(e);
              resolve();
            });
          };
          if (signalled) onStopSignal(signalled);
        });
        console.log('stopped.');
      },
    );

  program
    .command('migrate')
    .description('bring the database schema up to date (SQLite, or PostgreSQL with DATABASE_URL)')
    .addOption(dataDirOption())
    .action(async (o: { dataDir?: string }) => {
      const { migrateCommand } = await import('./migrate.ts');
      await migrateCommand(config(o.dataDir ? { dataDir: o.dataDir } : {}));
    });

  const importCmd = program.command('import').description('import data from files');
  importCmd
    .command('jurisdictions <file>')
    .description('import a GeoJSON FeatureCollection as one level of jurisdictions; parents by containment')
    .addOption(new Option('--level <level>', 'the level of every feature').choices(LEVELS).makeOptionMandatory())
    .requiredOption('--code-prop <property>', 'feature property holding the division code')
    .requiredOption('--name-prop <property>', 'feature property holding the name')
    .option('--parent-prop <property>', 'feature property holding the parent code (default: found by containment)')
    .addOption(new Option('--crs <crs>', 'coordinate system of the file').choices(CRS_LIST).default('wgs84'))
    .addOption(dataDirOption())
    .action(
      async (
        file: string,
        o: {
          level: (typeof LEVELS)[number];
          codeProp: string;
          nameProp: string;
          parentProp?: string;
          crs: (typeof CRS_LIST)[number];
          dataDir?: string;
        },
      ) => {
        const { importJurisdictionsCommand } = await import('./import-jurisdictions.ts');
        await importJurisdictionsCommand(config(o.dataDir ? { dataDir: o.dataDir } : {}), file, {
          level: o.level,
          codeProp: o.codeProp,
          nameProp: o.nameProp,
          crs: o.crs,
          ...(o.parentProp ? { parentProp: o.parentProp } : {}),
        });
      },
    );

  importCmd
    .command('cases <file>')
    .description('import 12345 hotline work orders (CSV with a header row, or JSON) as cases, filed and dispatched by the matrix')
    .addOption(new Option('--format <format>', 'file format (default: from the extension, .csv or .json)').choices(['csv', 'json']))
    .addOption(dataDirOption())
    .action(async (file: string, o: { format?: 'csv' | 'json'; dataDir?: string }) => {
      const { importCasesCommand } = await import('./import-cases.ts');
      const report = await importCasesCommand(config(o.dataDir ? { dataDir: o.dataDir } : {}), file, o.format ? { format: o.format } : {});
      // Refused rows are the user's to fix: a script running the import must notice them.
      if (report.rejectedRows > 0) process.exitCode = 1;
    });

  importCmd
    .command('registry <kind> <file>')
    .description(
      'import base data (kind: person, entity or housing) from a department feed (CSV with a header row, or JSON); rows upsert by natural key',
    )
    .addOption(new Option('--format <format>', 'file format (default: from the extension, .csv or .json)').choices(['csv', 'json']))
    .addOption(dataDirOption())
    .action(async (kind: string, file: string, o: { format?: 'csv' | 'json'; dataDir?: string }) => {
      const { isRecordKind } = await import('../registry/classification.ts');
      if (!isRecordKind(kind)) throw new InvalidArgumentError(`kind must be person, entity or housing, not ${kind}`);
      const { importRegistryCommand } = await import('./import-registry.ts');
      const report = await importRegistryCommand(
        config(o.dataDir ? { dataDir: o.dataDir } : {}),
        kind,
        file,
        o.format ? { format: o.format } : {},
      );
      if (report.rejectedRows > 0) process.exitCode = 1;
    });

  program
    .command('audit')
    .description('check the audit log')
    .command('verify')
    .description('recompute the audit hash chain; prints the first broken entry and exits 1 if the log was tampered with')
    .addOption(dataDirOption())
    .action(async (o: { dataDir?: string }) => {
      const { auditVerifyCommand } = await import('./audit-verify.ts');
      const report = await auditVerifyCommand(config(o.dataDir ? { dataDir: o.dataDir } : {}));
      if (!report.ok) process.exitCode = 1;
    });

  const userCmd = program.command('user').description('manage users');
  userCmd
    .command('add')
    .description('create a user scoped to a jurisdiction')
    .requiredOption('--username <name>', 'sign-in name (3–40 lower-case letters, digits, _ . -)')
    .requiredOption('--name <display>', 'display name')
    .requiredOption('--role <role...>', `one or more of: ${ROLE_LIST.join(', ')}`)
    .requiredOption('--jurisdiction <code>', 'scope: jurisdiction code or id (e.g. 310000 for the whole city)')
    .option('--unit <code>', 'unit (department) code; required for handlers')
    .requiredOption('--password <password>', 'password, or - to read it from standard input')
    .addOption(dataDirOption())
    .action(
      async (o: {
        username: string;
        name: string;
        role: string[];
        jurisdiction: string;
        unit?: string;
        password: string;
        dataDir?: string;
      }) => {
        const password = o.password === '-' ? fs.readFileSync(0, 'utf8').trim() : o.password;
        const { userAddCommand } = await import('./user-add.ts');
        await userAddCommand(config(o.dataDir ? { dataDir: o.dataDir } : {}), {
          username: o.username,
          name: o.name,
          roles: o.role,
          jurisdiction: o.jurisdiction,
          password,
          ...(o.unit ? { unit: o.unit } : {}),
        });
      },
    );

  program
    .command('open311')
    .description('Open311 GeoReport v2 (/open311/v2)')
    .command('key')
    .description("client applications' api keys")
    .command('create <name>')
    .description('make an api_key for a client application (printed once; only its hash is kept)')
    .option('--jurisdiction <code>', 'let the client report only inside this jurisdiction (code or id); default the whole city')
    .addOption(dataDirOption())
    .action(async (name: string, o: { jurisdiction?: string; dataDir?: string }) => {
      const { open311KeyCreateCommand } = await import('./open311-key.ts');
      await open311KeyCreateCommand(config(o.dataDir ? { dataDir: o.dataDir } : {}), {
        name,
        ...(o.jurisdiction ? { jurisdiction: o.jurisdiction } : {}),
      });
    });

  const keyCmd = program.command('data-key').description('rotate the key sealing personal data at rest (see README: data keys)');
  keyCmd
    .command('rotate')
    .description('put a new key on top of <data-dir>/data.key, keeping the old one to open what it sealed')
    .addOption(dataDirOption())
    .action(async (o: { dataDir?: string }) => {
      const { dataKeyRotateCommand } = await import('./data-key.ts');
      dataKeyRotateCommand(config(o.dataDir ? { dataDir: o.dataDir } : {}));
    });
  keyCmd
    .command('reseal')
    .description(
      'seal registry records and bridge secrets under the current key (run after every process restarted with it); exits 1 if any are left',
    )
    .addOption(dataDirOption())
    .action(async (o: { dataDir?: string }) => {
      const { dataKeyResealCommand } = await import('./data-key.ts');
      const report = await dataKeyResealCommand(config(o.dataDir ? { dataDir: o.dataDir } : {}));
      if (report.remaining > 0 || report.conflicts.length > 0) process.exitCode = 1;
    });
  keyCmd
    .command('forget-previous')
    .description('drop the previous keys from <data-dir>/data.key once nothing is sealed under them')
    .addOption(dataDirOption())
    .action(async (o: { dataDir?: string }) => {
      const { dataKeyForgetCommand } = await import('./data-key.ts');
      await dataKeyForgetCommand(config(o.dataDir ? { dataDir: o.dataDir } : {}));
    });

  program
    .command('simulate')
    .description('send realistic device traffic for the demo city to a running platform (elderly, rainstorm, manholes, construction)')
    .option('--url <url>', 'the running platform (default http://localhost:<PORT, 8080>)')
    .addOption(
      new Option('--transport <transport>', 'how devices send readings; detections always go over HTTP')
        .choices(['http', 'mqtt'])
        .default('http'),
    )
    .option('--mqtt-url <url>', "the platform's MQTT broker (default MQTT_URL, else mqtt://localhost:<MQTT_PORT, 1883>)")
    .option('--devices <n>', 'devices in all, shared among the scenarios', '200')
    .option('--rate <r>', 'readings per simulated second, by changing how often devices report (default: their natural periods)')
    .addOption(
      new Option('--scenario <name>', 'what to simulate')
        .choices(['rainstorm', 'elderly', 'construction', 'manholes', 'all'])
        .default('all'),
    )
    .option('--duration <d>', 'how long to run: 60s, 10m, 1h30m; 0 = until Ctrl-C', '0')
    .option('--speed <x>', 'simulated time per real time (≥ 1); a faster run starts in the past (≤ 12 h) and catches up', '1')
    .option('--seed <n>', 'seed of locations, habits and incidents', '1')
    .option('--focus <code>', 'place about half of the devices in this jurisdiction (e.g. 310101, 黄浦区, where the demo accounts work)')
    .option('--username <name>', 'an admin of the platform', 'admin')
    .option('--password <password>', 'its password, or - to read it from standard input (default: the demo password)')
    .addOption(dataDirOption())
    .action(async (o: Record<string, string | undefined>) => {
      const cfg = config(o.dataDir ? { dataDir: o.dataDir } : {});
      const { simulateCommand } = await import('../sim/simulate-command.ts');
      process.exitCode = await simulateCommand({
        ...o,
        dataDir: cfg.dataDir,
        defaultUrl: `http://localhost:${cfg.port}`,
        defaultMqttUrl: cfg.mqttUrl ?? `mqtt://localhost:${cfg.mqttPort}`,
      });
    });

  return program;
}
