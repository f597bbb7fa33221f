/**
 * The dependency rule (shared/DESIGN.md §3) holds for src/, and the check can fail: the same
 * `.dependency-cruiser.cjs` that `npm run lint` uses, run through dependency-cruiser's API.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSCONFIG = join(ROOT, 'tsconfig.json');

/** One broken rule, as `rule: from → to`, sorted so failures read like a list. */
type Broken = string;

let options: ICruiseOptions;

beforeAll(async () => {
  options = { ...(await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'))), tsConfig: { fileName: TSCONFIG } };
});

/** Cruises `paths` (relative to `baseDir`) with the project's rules; returns the violations. */
async function violations(baseDir: string, paths: string[]): Promise<Broken[]> {
  const { output } = await cruise(paths, { ...options, baseDir }, {}, { tsConfig: extractTSConfig(TSCONFIG) });
  if (typeof output === 'string') throw new Error('dependency-cruiser returned text, expected a cruise result');
  const result: ICruiseResult = output;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('dependency rule', () => {
  it('holds for src/', async () => {
    expect(await violations(ROOT, ['src'])).toEqual([]);
  });

  describe('on a fixture that breaks it', () => {
    let dir = '';
    let found: Broken[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'cityops-depcruise-'));
      const files: Record<string, string> = {
        'package.json': JSON.stringify({ name: 'fixture', private: true, type: 'module' }),
        // platform reaching into a module
        'src/platform/x.ts': "import { y } from '../geo/y.ts';\nexport const x = y;\n",
        'src/geo/y.ts': 'export const y = 1;\n',
        // a model reaching a store (even for types) and the platform (for a value)
        'src/geo/model.ts':
          "import type { Row } from './store.ts';\nimport { now } from '../platform/clock.ts';\nexport type M = Row;\nexport const m = now;\n",
        'src/geo/store.ts': 'export interface Row { id: string }\nexport const rows: Row[] = [];\n',
        'src/platform/clock.ts': 'export const now = (): number => 0;\n',
        // another module and the composition level using geo's store instead of its service
        'src/directory/service.ts': "import { rows } from '../geo/store.ts';\nexport const n = rows.length;\n",
        'src/cli/start.ts': "import { rows } from '../geo/store.ts';\nexport const n = rows.length;\n",
        // a cycle, and shipped code importing test code
        'src/cases/a.ts': "import { b } from './b.ts';\nexport const a = (): number => b();\n",
        'src/cases/b.ts': "import { a } from './a.ts';\nexport const b = (): number => a();\n",
        'src/cases/helper.ts': "import { fixture } from '../../test/fixture.ts';\nexport const h = fixture;\n",
        'test/fixture.ts': 'export const fixture = 1;\n',
        // allowed: a model using platform types and another model; the module's own service using its store
        'src/directory/model.ts':
          "import type { Row } from '../platform/types.ts';\nimport { m } from '../geo/model.ts';\nexport type D = Row;\nexport const d = m;\n",
        'src/platform/types.ts': 'export interface Row { id: string }\n',
        'src/geo/service.ts': "import { rows } from './store.ts';\nexport const all = (): number => rows.length;\n",
      };
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      found = await violations(dir, ['src']);
    });

    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('reports src/platform importing a module', () => {
      expect(found).toContain('platform-imports-no-module: src/platform/x.ts → src/geo/y.ts');
    });

    it('reports every other kind of break, and nothing that is allowed', () => {
      expect(found).toEqual(
        [
          'platform-imports-no-module: src/platform/x.ts → src/geo/y.ts',
          'model-is-pure: src/geo/model.ts → src/geo/store.ts',
          'model-uses-platform-types-only: src/geo/model.ts → src/platform/clock.ts',
          'store-private-to-its-module: src/directory/service.ts → src/geo/store.ts',
          'store-private-to-its-module: src/cli/start.ts → src/geo/store.ts',
          'no-circular: src/cases/a.ts → src/cases/b.ts',
          'src-not-to-test-bench-scripts: src/cases/helper.ts → test/fixture.ts',
        ].sort(),
      );
    });
  });
});
