/**
 * `identifierMapping: 'auto'` (MODELS.md §2): a knex config that spreads
 * `...knexSnakeCaseMappers(opts)` maps every identifier; find that call statically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lineOf, textOf, ts, type TS } from './ast';
import type { Report } from './diagnostics';
import type { Evaluator } from './evaluate';
import type { SnakeCaseOptions } from './naming';
import { MapperRef } from './values';

export const KNEXFILE_NAMES = ['knexfile.ts', 'knexfile.js', 'knexfile.cjs', 'knexfile.mjs'];

/** The explicit knexfile (relative to the project root), else the first knexfile found in the project root, then the workspace root. */
export function findKnexfile(projectRoot: string, workspaceRoot: string, explicit?: string): string | undefined {
  if (explicit) return path.resolve(projectRoot, explicit);
  for (const dir of [projectRoot, workspaceRoot]) {
    for (const name of KNEXFILE_NAMES) if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

function findCall(node: TS.Node, name: string): TS.CallExpression | undefined {
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    if ((ts.isPropertyAccessExpression(callee) ? callee.name.text : textOf(callee)) === name) return node;
  }
  return ts.forEachChild(node, (child) => findCall(child, name));
}

/** Options of the first `knexSnakeCaseMappers(...)` call in the file, or undefined when there is none. */
export function knexSnakeCaseOptions(evaluator: Evaluator, file: string, report: Report): SnakeCaseOptions | undefined {
  const source = evaluator.workspace.openFile(file);
  const at = { file: path.relative(evaluator.workspace.root, file).split(path.sep).join('/'), line: 1 };
  if (!source) {
    report('MIG_MODEL_KNEXFILE', at, `knexfile ${at.file} cannot be read; identifiers are not mapped`);
    return undefined;
  }
  const call = findCall(source, 'knexSnakeCaseMappers');
  if (!call) return undefined;
  const value = evaluator.evaluate(call, {});
  if (value instanceof MapperRef) return value.options as SnakeCaseOptions;
  report('MIG_MODEL_KNEXFILE', { file: at.file, line: lineOf(call) }, 'knexSnakeCaseMappers options cannot be read statically; using the defaults');
  return {};
}
