/** The platform's version, read once from package.json. */
import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

/** Semantic version of this build. */
export const VERSION: string = pkg.version;
