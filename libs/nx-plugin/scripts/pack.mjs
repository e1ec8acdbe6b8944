#!/usr/bin/env node
/**
 * Builds the two npm packages and packs them:
 *   @mig/core  ← libs/core       (dist/ JS + d.ts, bin/mig.js, templates/)
 *   mig        ← libs/nx-plugin  (src/ JS + d.ts, executors.json, generators.json, schemas, init files)
 * `mig` depends on `@mig/core` of the same version. Inside the workspace both run from TypeScript
 * source; only the packages are compiled, so a stale build can never shadow the source.
 *
 *   node libs/nx-plugin/scripts/pack.mjs [--out <dir>] [--allow-type-errors]
 *
 * `--out` defaults to dist/packages. Type errors fail the build; `--allow-type-errors` (the e2e
 * test uses it) reports them and packs the JavaScript tsc emits anyway, so a colleague's
 * half-finished file elsewhere in core does not stop the packaging test (`tsc --noEmit` and the
 * unit tests are where types are checked).
 *
 * Prints `{ "core": "<tgz>", "mig": "<tgz>" }` as the last line.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspace = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(join(workspace, 'package.json'));
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const writeJson = (file, value) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

export function pack(out = join(workspace, 'dist/packages'), { allowTypeErrors = false } = {}) {
  const root = readJson(join(workspace, 'package.json'));
  const coreSource = readJson(join(workspace, 'libs/core/package.json'));
  const migSource = readJson(join(workspace, 'libs/nx-plugin/package.json'));
  if (coreSource.version !== migSource.version) {
    throw new Error(`libs/core (${coreSource.version}) and libs/nx-plugin (${migSource.version}) must have the same version: mig pins @mig/core to its own.`);
  }
  const version = migSource.version;
  const range = (name) => root.dependencies?.[name] ?? root.devDependencies?.[name] ?? fail(`no version of ${name} in the root package.json`);
  const coreDir = join(out, 'core');
  const migDir = join(out, 'mig');
  rmSync(coreDir, { recursive: true, force: true });
  rmSync(migDir, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const compile = (file, options) => compileWith(file, options, allowTypeErrors);
  compile(join(out, 'tsconfig.core.json'), {
    rootDir: 'libs/core/src',
    outDir: relative(workspace, join(coreDir, 'dist')),
    paths: {},
    include: ['libs/core/src/**/*.ts'],
    // Tests, their fixtures and helpers stay out of the package.
    exclude: ['libs/core/src/**/*.test.ts', 'libs/core/src/**/fixtures/**', 'libs/core/src/testing/**', 'libs/core/src/**/test-support/**', 'libs/core/src/revision/test-builders.ts'],
  });
  cpSync(join(workspace, 'libs/core/bin'), join(coreDir, 'bin'), { recursive: true });
  cpSync(join(workspace, 'libs/core/templates'), join(coreDir, 'templates'), { recursive: true });
  writeJson(join(coreDir, 'package.json'), {
    name: '@mig/core',
    version,
    description: coreSource.description,
    license: coreSource.license,
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' },
    bin: { mig: 'bin/mig.js' },
    files: ['dist', 'bin', 'templates'],
    dependencies: Object.fromEntries(['@swc/core', 'dotenv', 'ejs', 'picocolors', 'ts-morph', 'typescript'].map((name) => [name, range(name)])),
    // The app owns knex and its driver; mig loads the one the app has.
    peerDependencies: Object.fromEntries(['knex', 'objection', 'pg', 'mysql2', '@electric-sql/pglite', 'knex-pglite'].map((name) => [name, caret(range(name))])),
    peerDependenciesMeta: Object.fromEntries(['objection', 'pg', 'mysql2', '@electric-sql/pglite', 'knex-pglite'].map((name) => [name, { optional: true }])),
  });

  compile(join(out, 'tsconfig.mig.json'), {
    rootDir: 'libs/nx-plugin/src',
    outDir: relative(workspace, join(migDir, 'src')),
    // Against the @mig/core just built, so the plugin's JS keeps `require('@mig/core')`.
    paths: { '@mig/core': [relative(workspace, join(coreDir, 'dist/index.d.ts'))] },
    include: ['libs/nx-plugin/src/**/*.ts'],
    exclude: ['libs/nx-plugin/src/**/*.test.ts', 'libs/nx-plugin/src/e2e/**'],
  });
  for (const file of ['executors.json', 'generators.json', 'README.md']) cpSync(join(workspace, 'libs/nx-plugin', file), join(migDir, file));
  copyWhere(join(workspace, 'libs/nx-plugin/src'), join(migDir, 'src'), (path) => path.endsWith('.json') || path.includes('/files/'));
  writeJson(join(migDir, 'package.json'), {
    name: 'mig',
    version,
    description: migSource.description,
    license: migSource.license,
    main: './src/index.js',
    types: './src/index.d.ts',
    exports: {
      '.': { types: './src/index.d.ts', default: './src/index.js' },
      './package.json': './package.json',
      './generators.json': './generators.json',
      './executors.json': './executors.json',
    },
    generators: './generators.json',
    executors: './executors.json',
    files: ['src', 'executors.json', 'generators.json', 'README.md'],
    dependencies: { '@mig/core': version, '@nx/devkit': caret(range('@nx/devkit')) },
    peerDependencies: { nx: caret(range('nx')) },
  });

  return { core: npmPack(coreDir, out), mig: npmPack(migDir, out) };
}

function compileWith(tsconfigFile, { rootDir, outDir, paths, include, exclude }, allowTypeErrors) {
  writeJson(tsconfigFile, {
    extends: relative(dirname(tsconfigFile), join(workspace, 'tsconfig.base.json')),
    compilerOptions: { rootDir: join(workspace, rootDir), outDir: join(workspace, outDir), baseUrl: workspace, paths, noEmit: false, declaration: true, sourceMap: false, declarationMap: false },
    include: include.map((glob) => join(workspace, glob)),
    exclude: exclude.map((glob) => join(workspace, glob)),
  });
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', tsconfigFile], { cwd: workspace, stdio: 'pipe' });
  } catch (error) {
    const report = `tsc -p ${tsconfigFile} failed:\n${error.stdout?.toString() ?? ''}${error.stderr?.toString() ?? ''}`;
    // tsc exits 2 on type errors but still emits; anything else (no output at all) is fatal.
    if (!allowTypeErrors || error.status !== 2) throw new Error(report);
    console.warn(`warning: packing despite type errors\n${report}`);
  }
}

function copyWhere(from, to, keep) {
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    const target = join(to, name);
    if (statSync(source).isDirectory()) copyWhere(source, target, keep);
    else if (keep(source.replace(/\\/g, '/'))) {
      mkdirSync(dirname(target), { recursive: true });
      cpSync(source, target);
    }
  }
}

function npmPack(dir, out) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const output = execFileSync(npm, ['pack', '--json', '--pack-destination', out], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [{ filename }] = JSON.parse(output);
  const tarball = join(out, filename);
  if (!existsSync(tarball)) fail(`npm pack did not write ${tarball}`);
  return tarball;
}

function caret(version) {
  return /^\d/.test(version) ? `^${version}` : version;
}

function fail(message) {
  throw new Error(message);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const out = at > 0 ? resolve(process.argv[at + 1]) : undefined;
  console.log(JSON.stringify(pack(out, { allowTypeErrors: process.argv.includes('--allow-type-errors') })));
}
