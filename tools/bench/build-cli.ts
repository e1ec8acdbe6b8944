/**
 * The mig CLI the benchmark measures: the built package (plain JS), not the TypeScript sources
 * through @swc-node/register, whose start-up alone is ~0.7 s. Built by the packaging script into
 * tmp/bench/pack and rebuilt only when its inputs changed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BuiltCli {
  /** `node <migBin> <verb> …` */
  readonly migBin: string;
  /** The compiled @mig/core (dist/), for the in-process probes. */
  readonly coreDist: string;
  readonly rebuilt: boolean;
  /** tsc's type errors, when it packed despite them. */
  readonly warning?: string;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function inputsHash(workspaceRoot: string): string {
  const hash = createHash('sha256');
  const files = [
    ...filesUnder(join(workspaceRoot, 'libs/core/src')).filter((f) => !f.endsWith('.test.ts')),
    ...filesUnder(join(workspaceRoot, 'libs/core/bin')),
    ...filesUnder(join(workspaceRoot, 'libs/core/templates')),
    join(workspaceRoot, 'libs/nx-plugin/scripts/pack.mjs'),
    join(workspaceRoot, 'tsconfig.base.json'),
  ].sort();
  for (const file of files) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

export function buildCli(workspaceRoot: string, out: string, log: (line: string) => void): BuiltCli {
  const migBin = join(out, 'core', 'bin', 'mig.js');
  const coreDist = join(out, 'core', 'dist');
  const stampFile = join(out, 'inputs.sha256');
  const hash = inputsHash(workspaceRoot);
  const built: BuiltCli = { migBin, coreDist, rebuilt: false };
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash && existsSync(join(coreDist, 'cli', 'main.js'))) return built;
  log(`building the mig package (node libs/nx-plugin/scripts/pack.mjs --allow-type-errors --out ${out}) …`);
  const pack = spawnSync(process.execPath, [join(workspaceRoot, 'libs/nx-plugin/scripts/pack.mjs'), '--allow-type-errors', '--out', out], { cwd: workspaceRoot, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`the pack script failed:\n${pack.stderr || pack.stdout}`);
  if (!existsSync(join(coreDist, 'cli', 'main.js'))) throw new Error(`the pack script did not write ${join(coreDist, 'cli', 'main.js')}`);
  // The CLI must run from the build (bin/mig.js falls back to the sources only when dist/ is missing).
  execFileSync(process.execPath, [migBin, '--help'], { cwd: workspaceRoot, stdio: 'pipe' });
  writeFileSync(stampFile, hash);
  const warning = pack.stderr.includes('packing despite type errors') ? pack.stderr.trim().split('\n').slice(0, 6).join('\n') : undefined;
  return { ...built, rebuilt: true, warning };
}
