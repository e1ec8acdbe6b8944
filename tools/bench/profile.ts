/**
 * Where a mig process spends its time: runs one command under `node --cpu-prof` and sums the
 * profile's self time by package (node_modules/<pkg>), mig source folder, or Node internals.
 *
 *   node -r @swc-node/register tools/bench/profile.ts -- <node args…>
 *   e.g. … profile.ts -- tmp/bench/pack/core/bin/mig.js status --project-root tmp/bench/chain-1000/mig --url postgres://…
 *
 * Prints the wall time, the top buckets, and the top functions; keeps the .cpuprofile in tmp/bench/profiles/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function bucketOf(url: string): string {
  if (!url) return '(native / idle / gc)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const core = /\/(?:dist|src)\/([^/]+)\//.exec(url);
  if (core && url.includes('/core/')) return `mig ${core[1]}/`;
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

export function summarize(profile: CpuProfile, top = 12): string {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // Native and Node-internal frames (file reads, module compilation) count for the code that called them.
  const owner = (node: ProfileNode): string => {
    const special = /^\((idle|garbage collector|program)\)$/.test(node.callFrame.functionName);
    if (special) return node.callFrame.functionName;
    for (let n: ProfileNode | undefined = node; n; n = byId.get(parent.get(n.id) ?? -1)) {
      const url = n.callFrame.url;
      if (url && !url.startsWith('node:')) return bucketOf(url);
    }
    return 'node internals (start-up)';
  };
  const buckets = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    if (!us) continue;
    const bucket = owner(node);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + us);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const total = [...buckets.values()].reduce((a, b) => a + b, 0);
  const lines = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `  ${(us / 1000).toFixed(0).padStart(6)} ms ${((100 * us) / total).toFixed(0).padStart(3)}%  ${k}`);
  return [`sampled ${(total / 1000).toFixed(0)} ms`, 'self time by package / folder (native and node: frames count for their caller):', ...lines(buckets), 'top functions (self):', ...lines(functions)].join('\n');
}

function main(): void {
  const args = process.argv.slice(process.argv.indexOf('--') + 1);
  const dir = join(__dirname, '..', '..', 'tmp', 'bench', 'profiles', String(Date.now()));
  mkdirSync(dir, { recursive: true });
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`exit ${child.status}, wall ${wall.toFixed(2)} s (profiling adds overhead)`);
  for (const file of readdirSync(dir)) {
    console.log(`${join(dir, file)}\n${summarize(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile)}`);
  }
}

if (require.main === module) main();
