/**
 * Entry point of the `cityops` command (and of `npm start`). Errors become one clear line on
 * stderr and exit code 1, never a stack trace for a user's mistake.
 */
import { buildProgram } from './cli/program.ts';
import { ConfigError } from './config.ts';

try {
  await buildProgram(process.env).parseAsync(process.argv);
} catch (e) {
  const message = e instanceof ConfigError || e instanceof Error ? e.message : String(e);
  console.error(`cityops: ${message}`);
  process.exitCode = 1;
}
