/**
 * A big model set whose foreign keys form cycles: 60 tables in one ring (t01 → t02 → … → t60 →
 * t01), every third table also pointing seven tables ahead, every fifth at itself. Autogenerate
 * writes one revision that creates them all; it upgrades in one go, matches the models, leaves
 * nothing to autogenerate, and downgrades to an empty database. On PostgreSQL the target is the
 * server: the second autogenerate replays the revision into the PGlite shadow, which is the
 * in-one-go upgrade on PGlite (and the cheaper one: 60 tables in WebAssembly are slow).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOGEN_DIALECTS, createAutogenProject, differences, type AutogenProject } from './autogen-project';

const COUNT = 60;
const name = (i: number) => `t${String(((i - 1 + COUNT) % COUNT) + 1).padStart(2, '0')}`;
const className = (i: number) => name(i).toUpperCase();

/** Relations of table i: name → the table it points at. */
function relationsOf(i: number): Record<string, number> {
  return { next: i + 1, ...(i % 3 === 0 ? { ahead: i + 7 } : {}), ...(i % 5 === 0 ? { parent: i } : {}) };
}

function modelSource(i: number): string {
  const relations = Object.entries(relationsOf(i));
  const targets = [...new Set(relations.map(([, j]) => name(j)))].filter((t) => t !== name(i));
  const join = (relation: string, j: number) =>
    `    ${relation}: { relation: Model.BelongsToOneRelation, modelClass: ${className(j)}, join: { from: '${name(i)}.${relation}Id', to: '${name(j)}.id' } },`;
  return [
    `import { Model } from 'objection';`,
    ...targets.map((t) => `import { ${t.toUpperCase()} } from './${t}';`),
    '',
    `export class ${className(i)} extends Model {`,
    `  static override tableName = '${name(i)}';`,
    '  id!: number;',
    '  label!: string;',
    ...relations.map(([relation]) => `  ${relation}Id?: number;`),
    '',
    '  static override relationMappings = () => ({',
    ...relations.map(([relation, j]) => join(relation, j)),
    '  });',
    '}',
    '',
  ].join('\n');
}

const foreignKeyCount = Array.from({ length: COUNT }, (_, i) => Object.keys(relationsOf(i + 1)).length).reduce((a, b) => a + b, 0);

for (const dialect of AUTOGEN_DIALECTS) {
  describe(`${COUNT} tables in foreign key cycles on ${dialect === 'postgres' ? 'PGlite (shadow) and PostgreSQL' : 'MariaDB'}`, () => {
    let project: AutogenProject;
    beforeAll(async () => {
      project = await createAutogenProject(dialect, { prefix: 'cycles', only: dialect === 'postgres' ? 'postgres' : 'mysql' });
      for (let i = 1; i <= COUNT; i++) project.writeModel(`${name(i)}.ts`, modelSource(i));
    });
    afterAll(async () => project?.remove());

    it('autogenerates one revision that upgrades in one go and downgrades to empty', async () => {
      const result = await project.revise('sixty tables');
      expect(result.written).toBeDefined();
      const kinds = result.changes.map((c) => c.kind);
      expect(kinds.filter((k) => k === 'createTable')).toHaveLength(COUNT);
      // Keys inside a cycle are added after every table exists.
      expect(kinds.indexOf('addForeignKey')).toBeGreaterThan(kinds.lastIndexOf('createTable'));

      const models = await project.readModels();
      expect(models.tables.flatMap((t) => t.foreignKeys)).toHaveLength(foreignKeyCount);
      for (const target of project.targets) {
        const upgraded = await target.upgrade();
        expect(upgraded.steps, target.name).toHaveLength(1);
        const catalog = await target.introspect();
        expect(catalog.tables.flatMap((t) => t.foreignKeys), target.name).toHaveLength(foreignKeyCount);
        expect(differences(catalog, models), target.name).toEqual([]);
      }
      expect((await project.revise('again')).written).toBeUndefined();

      for (const target of project.targets) {
        await target.downgrade('base');
        expect((await target.introspect()).tables, target.name).toEqual([]);
      }
    });
  });
}
