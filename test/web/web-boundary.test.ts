/**
 * The browser app reaches the server only over HTTP: the dependency rules in
 * `.dependency-cruiser.cjs` (which `npm run lint` runs) hold for web/ and catch a web file
 * importing server code.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSCONFIG = join(ROOT, 'tsconfig.json');
let options: ICruiseOptions;

beforeAll(async () => {
  options = { ...(await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'))), tsConfig: { fileName: TSCONFIG } };
});

async function violations(baseDir: string, paths: string[]): Promise<string[]> {
  const { output } = await cruise(paths, { ...options, baseDir }, {}, { tsConfig: extractTSConfig(TSCONFIG) });
  if (typeof output === 'string') throw new Error('dependency-cruiser returned text, expected a cruise result');
  const result: ICruiseResult = output;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('web/ and the server', () => {
  it('web/ imports no server code', async () => {
    expect(await violations(ROOT, ['web'])).toEqual([]);
  });

  it('the rule catches a web file importing src/, and src/ importing web/', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cityops-web-depcruise-'));
    try {
      const files: Record<string, string> = {
        'package.json': JSON.stringify({ name: 'fixture', private: true, type: 'module' }),
        'web/src/page.tsx': "import { VERSION } from '../../src/version.ts';\nexport const v = VERSION;\n",
        'web/src/worker.ts': "import url from 'some-lib/worker.js?url';\nexport const w = url;\n",
        'src/version.ts': "export const VERSION = '0';\n",
        'src/x.ts': "import { v } from '../web/src/page.tsx';\nexport const x = v;\n",
      };
      for (const [p, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, p)), { recursive: true });
        writeFileSync(join(dir, p), text);
      }
      expect(await violations(dir, ['web', 'src'])).toEqual([
        'server-not-to-web: src/x.ts → web/src/page.tsx',
        'web-reaches-the-server-over-http-only: web/src/page.tsx → src/version.ts',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
