/**
 * The dependency rule (shared/DESIGN.md §3, ARCHITECTURE.md "Rules"), checked by `npm run lint`
 * and by test/lint/dependency-rule.test.ts.
 *
 * Folders: `src/platform/` is technology and knows no module; the module folders are the direct
 * children of `src/` other than `platform`, `cli` and `demo`; `src/cli/`, `src/demo/` and the
 * files `src/*.ts` are the composition level (they may use any module's service, never a store).
 *
 * Paths are relative to the folder the cruise runs in (the repository root), with `/`.
 * In `to.path`/`to.pathNot`, `$1` is the first group matched by `from.path`.
 */

/** Composition-level folders of src/, which are not modules. */
const NOT_MODULES = 'platform|cli|demo';

// Written without nested quantifiers: dependency-cruiser refuses regular expressions that safe-regex deems unsafe.

/** Model files: `model.ts` or `*-model.ts` directly in a module folder. */
const MODEL_FILE = `^src/(?!(?:${NOT_MODULES})/)[^/]+/(?:model|[^/]*-model)\\.ts$`;

/** Files that do I/O or wire things up: stores, services, routes (plain or prefixed). */
const IO_FILE = '(?:^|/)(?:store|service|routes|[^/]*-(?:store|service|routes))\\.ts$';

/** A store file in a module folder (or below it). */
const STORE_FILE = '^src/.+/(?:store|[^/]*-store)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'platform-imports-no-module',
      comment: 'src/platform/ knows no domain word: it imports only platform files, node built-ins and npm packages.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/', pathNot: '^src/platform/' },
    },
    {
      name: 'model-is-pure',
      comment:
        'A model file (model.ts, *-model.ts) holds types and pure functions: it imports no store, service or routes file ' +
        '(not even for types) and nothing from the composition level (src/cli, src/demo, src/*.ts).',
      severity: 'error',
      from: { path: MODEL_FILE },
      to: { path: [IO_FILE, '^src/(?:cli|demo)/', '^src/[^/]+\\.ts$'] },
    },
    {
      name: 'model-uses-platform-types-only',
      comment: 'A model file may import types from src/platform/, nothing else (use `import type`).',
      severity: 'error',
      from: { path: MODEL_FILE },
      to: { path: '^src/platform/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'model-does-no-io',
      comment: 'A model file does no I/O: no file system, network, process or database modules.',
      severity: 'error',
      from: { path: MODEL_FILE },
      to: {
        dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        dependencyTypesNot: ['type-only'],
        path: [
          '^(?:node:)?(?:fs|fs/promises|net|http|https|http2|dgram|dns|tls|child_process|cluster|worker_threads|readline|repl)$',
          '(?:^|/)node_modules/(?:better-sqlite3|pg|kysely|fastify|@fastify/[^/]+)/',
        ],
      },
    },
    {
      name: 'store-private-to-its-module',
      comment:
        "A module's store.ts / *-store.ts is imported only by files of its own module folder. Other modules and the " +
        "composition level (src/cli, src/demo, src/*.ts) go through the module's service. (test/ may use stores: the " +
        'storage contract suite tests them directly.)',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: STORE_FILE, pathNot: '^src/$1/' },
    },
    {
      name: 'composition-does-not-use-stores',
      comment: 'The files src/*.ts (main, compose, config, …) are composition level: they use services, never stores.',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: STORE_FILE },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycles, type-only imports included. A cycle through `import type` is harmless at runtime but still ' +
        'tangles the modules: move the types both sides need into a file that imports neither of them.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-not-to-test-bench-scripts',
      comment: 'Shipped code (src/) never imports from test/, bench/ or scripts/.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(?:test|bench|scripts)/' },
    },
    {
      name: 'src-not-to-dev-deps',
      comment: 'Shipped code (src/, tests beside it excepted) uses only `dependencies`: devDependencies are not installed in production.',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: '^node_modules/@types/' },
    },
    {
      name: 'web-reaches-the-server-over-http-only',
      comment:
        'The browser app (web/) talks to the platform over HTTP (web/src/api/), never by importing server code: src/, ' +
        'test/, bench/ and scripts/ are out of its reach (and the server never imports web/).',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(?:src|test|bench|scripts)/' },
    },
    {
      name: 'server-not-to-web',
      comment: 'The server serves web/dist as files; it imports nothing from web/.',
      severity: 'error',
      from: { path: '^(?:src|test|bench|scripts)/' },
      to: { path: '^web/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves to a file or an installed package (otherwise the rules above cannot see it).',
      severity: 'error',
      from: {},
      // Vite's import suffixes (`maplibre-gl/dist/…-worker.js?url`) are resolved by Vite, not here.
      to: { couldNotResolve: true, pathNot: '\\?(?:url|raw|worker|sharedworker|inline|no-inline)$' },
    },
  ],
  options: {
    // npm packages and node built-ins stay in the graph (the rules above look at them) but are not cruised into.
    doNotFollow: { path: '(?:^|/)node_modules/' },
    // The browser app's build output is generated code.
    exclude: { path: '^web/(?:dist|\\.dist-[^/]+)/' },
    // Type-only imports are dependencies too (e.g. a model importing a store's types).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
