/**
 * Autogenerate from nothing, on each fixture model set of the model reader: the revision it writes
 * upgrades an empty database to exactly the hand-written expected schema, a second autogenerate
 * finds nothing (and writes nothing), and downgrading to base empties the database again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_SETS, type FixtureSet } from '../models/fixtures/sets';
import { AUTOGEN_DIALECTS, createAutogenProject, differences, type AutogenProject } from './autogen-project';

/** Every set that reads without a diagnostic (the `diagnostics` set is bad-input.test.ts's). */
const SETS = FIXTURE_SETS.filter((set) => set.name !== 'diagnostics');

/** hints carries PostgreSQL-only SQL written by the user (gin, partial and expression indexes, "quoted" checks). */
const POSTGRES_ONLY = new Set(['hints']);

/** The hints set renames two tables; from an empty history those hints are reported and ignored. */
const IGNORED_RENAMES: Record<string, string[]> = { hints: ['items → products', 'vendors → suppliers'] };

for (const dialect of AUTOGEN_DIALECTS) {
  describe(`round trip on ${dialect === 'postgres' ? 'PGlite and PostgreSQL' : 'MariaDB'}`, () => {
    const projects: AutogenProject[] = [];
    afterAll(async () => {
      for (const project of projects) await project.remove();
    });

    const roundTrip = async (set: FixtureSet) => {
      const project = await createAutogenProject(dialect, { fixture: set.name, models: set.name === 'commonjs' ? 'src/models/**/*.js' : undefined, prefix: 'roundtrip' });
      projects.push(project);
      const first = await project.revise('initial');
      expect(first.written, 'the first autogenerate writes a revision').toBeDefined();
      expect(first.warnings.map((w) => `${w.code} ${/table (\w+ → \w+)/.exec(w.message)?.[1]}`)).toEqual(
        (IGNORED_RENAMES[set.name] ?? []).map((rename) => `MIG_DIFF_RENAME_IGNORED ${rename}`),
      );
      // The hand-written expected schemas are PostgreSQL's; a MySQL catalog must match what the reader makes of the models.
      const expected = dialect === 'postgres' ? set.expected : await project.readModels();
      for (const target of project.targets) {
        await target.upgrade();
        expect(differences(await target.introspect(), expected), target.name).toEqual([]);
      }

      const again = await project.revise('again');
      expect(again.written).toBeUndefined();
      expect(again.changes).toEqual([]);
      expect(project.revisionFiles()).toHaveLength(1);

      for (const target of project.targets) {
        await target.downgrade('base');
        expect((await target.introspect()).tables, target.name).toEqual([]);
      }
    };

    for (const set of SETS.filter((s) => dialect === 'postgres' || !POSTGRES_ONLY.has(s.name))) {
      it(`${set.name}: autogenerates from empty, upgrades to the expected catalog, then finds nothing; down to base empties it`, () => roundTrip(set));
    }
  });
}
