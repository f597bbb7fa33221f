/** Makes sure the browser app is built (web/dist fresh) before a test serves it. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the built app lives (what the platform serves). */
export const WEB_DIST = path.join(REPO_ROOT, 'web', 'dist');

/**
 * Builds web/dist when missing or stale (scripts/ensure-web.mjs: locked, so parallel test files
 * share one build) and returns its index.html.
 */
export function ensureWebBuild(): string {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'ensure-web.mjs'), '--quiet'], { cwd: REPO_ROOT, stdio: 'inherit' });
  return fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
}
