#!/usr/bin/env node
/**
 * Builds the browser app (web/ → web/dist) when web/dist is missing or older than its sources,
 * so `npm start` on a fresh clone serves the app without a separate build step (it runs as
 * `prestart`). Tests call it too (`node scripts/ensure-web.mjs --quiet`).
 *
 * Safe to run several at once (test workers): one builds under a lock, the others wait and then
 * find the build fresh. The build goes to a temporary folder swapped in at the end, so a running
 * platform never serves a half-written web/dist.
 *
 * Options: --force (build even if fresh), --quiet (print only when building or failing).
 * Exit 0 when web/dist is fresh afterwards (or vite is not installed: the platform then starts
 * without the browser app and says how to build it); 1 when the build failed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');
const lockDir = path.join(web, '.build-lock');
const args = new Set(process.argv.slice(2));
const force = args.has('--force');
const quiet = args.has('--quiet');
const say = (line) => console.log(`web: ${line}`);

/** Files and folders whose change means a rebuild. */
const INPUTS = ['index.html', 'vite.config.ts', 'tsconfig.json', 'src', 'public'].map((p) => path.join(web, p));
INPUTS.push(path.join(root, 'package-lock.json'));

/** The newest input file: [mtimeMs, path]. */
function newestInput() {
  let best = [0, ''];
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    // Unit tests beside the sources are not part of the build.
    else if (st.mtimeMs > best[0] && !/\.test\.tsx?$/.test(p)) best = [st.mtimeMs, p];
  };
  INPUTS.forEach(visit);
  return best;
}

/** Why a build is needed, or null when web/dist is fresh. */
function staleReason() {
  let built;
  try {
    built = fs.statSync(path.join(dist, 'index.html')).mtimeMs;
  } catch {
    return 'web/dist is missing';
  }
  const [newest, file] = newestInput();
  return newest > built ? `${path.relative(root, file)} is newer than web/dist` : null;
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Takes the build lock (a directory); a lock older than 5 minutes is a crashed builder's. */
function lock() {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      try {
        if (Date.now() - fs.statSync(lockDir).mtimeMs > 5 * 60_000) fs.rmSync(lockDir, { recursive: true, force: true });
      } catch {
        // it went away: try again
      }
      if (Date.now() > deadline) throw new Error(`waited 10 minutes for ${lockDir}; remove it if no build is running`);
      sleep(200);
    }
  }
}

function unlock() {
  fs.rmSync(lockDir, { recursive: true, force: true });
}

function viteBin() {
  try {
    const pkg = createRequire(import.meta.url).resolve('vite/package.json');
    return path.join(path.dirname(pkg), 'bin', 'vite.js');
  } catch {
    return null;
  }
}

function build(reason) {
  const bin = viteBin();
  if (!bin) {
    say(`cannot build the browser app (${reason}): vite is not installed — run \`npm ci\` (with dev dependencies).`);
    say(
      fs.existsSync(dist) ? 'serving the older build in web/dist.' : 'the platform starts without it (the API works; / says how to build).',
    );
    return 0;
  }
  say(`building the browser app (${reason}) …`);
  const started = Date.now();
  const tmp = path.join(web, `.dist-tmp-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  const r = spawnSync(
    process.execPath,
    [bin, 'build', '--config', path.join(web, 'vite.config.ts'), '--outDir', tmp, '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  if (r.status !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    say(`the build failed (exit ${r.status ?? r.signal}). Fix it, or start the API alone with \`npm run cityops -- start\`.`);
    return 1;
  }
  // Swap in whole: a platform serving web/dist sees the old build or the new one, never half.
  const old = path.join(web, `.dist-old-${process.pid}`);
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  fs.renameSync(tmp, dist);
  fs.rmSync(old, { recursive: true, force: true });
  say(`built web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

function main() {
  const first = force ? 'asked with --force' : staleReason();
  if (!first) {
    if (!quiet) say('web/dist is up to date');
    return 0;
  }
  lock();
  try {
    // Someone else may have built it while we waited for the lock.
    const reason = force ? first : staleReason();
    if (!reason) {
      if (!quiet) say('web/dist is up to date');
      return 0;
    }
    return build(reason);
  } finally {
    unlock();
  }
}

process.exitCode = main();
