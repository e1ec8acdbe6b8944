/**
 * Benchmark of the model reader: generates 500 Objection model files whose relations form a
 * chain of foreign keys (model i BelongsToOne model i-1), then reads them with readModels.
 *
 *   node -r @swc-node/register tools/bench/models.ts [count]
 *
 * Prints the time to load the reader (ts-morph's TypeScript included), the time of readModels,
 * their CPU time (steadier than wall time when other jobs share the 2 cores), and peak RSS.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const WORKSPACE = path.resolve(__dirname, '../..');
const OUT = path.join(WORKSPACE, 'tmp/bench-models');

function modelSource(i: number): string {
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

function generate(count: number): void {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(OUT, `model-${i}.ts`), modelSource(i));
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 500);
  generate(count);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const { readModels } = await import('../../libs/core/src/models');
  const t1 = process.hrtime.bigint();
  const { schema, diagnostics } = await readModels({ workspaceRoot: WORKSPACE, projectRoot: OUT, models: '*.ts', dialect: 'postgres' });
  const t2 = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpu0);
  const ms = (a: bigint, b: bigint) => (Number(b - a) / 1e6).toFixed(0);
  const fks = schema.tables.reduce((n, t) => n + t.foreignKeys.length, 0);
  console.log(`model files: ${count}, tables: ${schema.tables.length}, foreign keys: ${fks}, diagnostics: ${diagnostics.length}`);
  console.log(`load reader (ts-morph): ${ms(t0, t1)} ms`);
  console.log(`readModels: ${ms(t1, t2)} ms`);
  console.log(`total: ${ms(t0, t2)} ms (CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms; compare with \`uptime\` load on a shared machine)`);
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

void main();
