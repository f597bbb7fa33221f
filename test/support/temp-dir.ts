/**
 * Throwing away a test's temporary directory. A directory can gain a file while it is being
 * removed (a database or browser process finishing its last write as it shuts down), and the
 * final rmdir then fails with ENOTEMPTY: that is a leftover in /tmp, not a fault of the code
 * under test, so it is retried and, if it persists, reported with what was left — never a
 * failed test.
 */
import fs from 'node:fs';

/**
 * Removes `dir` and everything in it, retrying while it is busy or refilled.
 * @example removeTempDir(dataDir);
 */
export function removeTempDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } catch (e) {
    let left: string[] = [];
    try {
      left = fs.readdirSync(dir, { recursive: true }).map(String);
    } catch {
      // gone after all
    }
    console.warn(`could not remove ${dir} (${(e as NodeJS.ErrnoException).code ?? String(e)}); left: ${left.join(', ') || 'nothing'}`);
  }
}
