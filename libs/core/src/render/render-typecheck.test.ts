/**
 * The rendered bodies go into TypeScript revision files, so they must type-check against knex's
 * own typings (strict mode), not only run. Compiled in memory next to this file, so `knex`
 * resolves from the workspace.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { diffSchemas } from '../diff/diff-schemas';
import { renameResolverFromHints } from '../diff/renames';
import { OP_KINDS } from '../ops/ops';
import { random, randomOp } from '../ops/test-support/random';
import { renderOps } from './render-ops';
import { RENDER_CASES } from './test-support/cases';

function typeErrors(source: string): string[] {
  const file = join(__dirname, '__rendered_revision__.ts');
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => (name === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const line = at ? source.split('\n')[at.line] : '';
    return `${ts.flattenDiagnosticMessageText(d.messageText, '\n')}\n  at: ${line?.trim()}`;
  });
}

describe('rendered revisions', () => {
  it('type-check against knex, for every render case and op kind, both dialects', () => {
    const bodies: string[] = [];
    for (const c of RENDER_CASES) {
      const to = { dialect: 'postgres' as const, tables: c.to };
      const { ops } = diffSchemas({ dialect: 'postgres', tables: c.from }, to, { renames: renameResolverFromHints(to, c.renames) });
      const { upgrades, downgrades } = renderOps(ops, 'postgres');
      bodies.push(upgrades, downgrades);
    }
    for (let seed = 1; seed <= 200; seed++) {
      const op = randomOp(random(seed), OP_KINDS[seed % OP_KINDS.length]);
      for (const dialect of ['postgres', 'mysql'] as const) bodies.push(renderOps([op], dialect).upgrades);
    }
    const source = ["import type { Knex } from 'knex';", ...bodies.map((body, i) => `export async function step${i}(knex: Knex): Promise<void> {\n${body}\n}`)].join('\n');
    expect(typeErrors(source)).toEqual([]);
  });
});
