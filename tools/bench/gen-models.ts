/**
 * The autogenerate workload (was tools/bench/models.ts): `count` Objection model files whose
 * relations form a chain of foreign keys (model i BelongsToOne model i-1), and the matching
 * history — one revision per model, rendered by mig's own differ and renderer from an empty
 * schema — so `check` against the replayed history finds nothing to do.
 *
 *   <root>/autogen-<count>/src/models/model-<i>.ts
 *   <root>/autogen-<count>/migrations/{mig.config.ts,versions/*.ts}
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { diffSchemas } from '../../libs/core/src/diff';
import type { Op } from '../../libs/core/src/ops';
import { renderOps } from '../../libs/core/src/render';
import { emptySchema } from '../../libs/core/src/schema/schema';
import { readRevisionTemplate, renderRevisionSource, revisionFileName } from '../../libs/core/src/script/write';

export interface ModelsWorkload {
  readonly count: number;
  readonly projectDir: string;
  /** Glob relative to the project folder. */
  readonly models: string;
}

const GENERATOR_VERSION = 'models-v1';
const MODELS_GLOB = 'src/models/**/*.ts';

export function modelSource(i: number): string {
  const prev = i - 1;
  return `import { Model } from 'objection';
${i > 0 ? `import { Model${prev} } from './model-${prev}';\n` : ''}
export type Status${i} = 'new' | 'active' | 'closed';

export class Model${i} extends Model {
  static override tableName = 'table_${i}';

  id!: number;
  name!: string;
  description?: string | null;
  status!: Status${i};
  amount!: number;
  createdAt!: Date;
${i > 0 ? `  parentId!: number;\n  parent?: Model${prev};\n` : ''}
  static override jsonSchema = {
    type: 'object',
    required: ['name'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string', maxLength: 200 },
      description: { type: ['string', 'null'] },
      amount: { type: 'number', default: 0 },
    },
  };

  static override relationMappings = () => ({
${
  i > 0
    ? `    parent: {
      relation: Model.BelongsToOneRelation,
      modelClass: Model${prev},
      join: { from: 'table_${i}.parentId', to: 'table_${prev}.id' },
    },\n`
    : ''
}  });
}
`;
}

const tableOfOp = (op: Op): string => ('table' in op ? (typeof op.table === 'string' ? op.table : op.table.name) : '');

/** One revision per table, in chain order, with the ops the differ finds for that table. */
async function writeHistory(workspaceRoot: string, projectDir: string, count: number): Promise<void> {
  const { readModels } = await import('../../libs/core/src/models');
  const { schema, diagnostics } = await readModels({ workspaceRoot, projectRoot: relative(workspaceRoot, projectDir), models: MODELS_GLOB, dialect: 'postgres' });
  if (diagnostics.length > 0) throw new Error(`the generated models have diagnostics: ${JSON.stringify(diagnostics.slice(0, 3))}`);
  const { ops } = diffSchemas(emptySchema('postgres'), schema);
  const byTable = new Map<string, Op[]>();
  for (const op of ops) byTable.set(tableOfOp(op), [...(byTable.get(tableOfOp(op)) ?? []), op]);
  const template = readRevisionTemplate();
  const versions = join(projectDir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  let parent: string | null = null;
  for (let i = 0; i < count; i++) {
    const own = byTable.get(`table_${i}`);
    if (!own) throw new Error(`the differ produced no op for table_${i}`);
    const id = `a${i.toString(16).padStart(11, '0')}`;
    const body = renderOps(own, 'postgres', { indent: '' });
    const message = `create table_${i}`;
    const source = renderRevisionSource(template, {
      revision: id,
      downRevision: parent,
      message,
      createDate: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      upgrades: body.upgrades,
      downgrades: body.downgrades,
      imports: body.imports,
    });
    writeFileSync(join(versions, revisionFileName(id, message)), source);
    parent = id;
  }
}

/** Writes (or reuses) the models and their history; checks once that the history is up to date. */
export async function generateModels(workspaceRoot: string, root: string, count: number): Promise<ModelsWorkload> {
  const projectDir = join(root, `autogen-${count}`);
  const stampFile = join(projectDir, 'generated.json');
  const stamp = JSON.stringify({ GENERATOR_VERSION, count, model: modelSource(2), template: readRevisionTemplate() });
  const workload = { count, projectDir, models: MODELS_GLOB };
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return workload;
  rmSync(projectDir, { recursive: true, force: true });
  const modelsDir = join(projectDir, 'src', 'models');
  mkdirSync(modelsDir, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(join(modelsDir, `model-${i}.ts`), modelSource(i));
  mkdirSync(join(projectDir, 'migrations'), { recursive: true });
  writeFileSync(join(projectDir, 'migrations', 'mig.config.ts'), `export default { versions: ['versions'], models: '${MODELS_GLOB}' };\n`);
  await writeHistory(workspaceRoot, projectDir, count);
  writeFileSync(stampFile, stamp);
  return workload;
}
