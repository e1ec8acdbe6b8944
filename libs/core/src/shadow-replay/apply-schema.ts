/**
 * One awaited `knex.schema…` chain (SchemaBuilder `_sequence`) applied to the state, entry by
 * entry, as knex's schema compiler would run it. `hasTable`/`hasColumn` are answered from the
 * state, so the common `if (!(await knex.schema.hasTable(…)))` guard replays too.
 */
import { applyAlterTable, applyCreateTable } from './apply-table';
import { applyRawSql } from './apply-raw';
import { giveUp } from './give-up';
import type { RecordedTable, SchemaBuilderInternals, SequenceEntry } from './knex-internals';
import { plainName } from './names';
import type { PgState } from './pg-state';

export interface TableBuilderFactory {
  /** knex's `client.tableBuilder(method, name, like, fn)`, its callback run as knex runs it. */
  (method: 'create' | 'alter', name: string, fn: unknown): RecordedTable;
}

export function applySchemaBuilder(state: PgState, builder: SchemaBuilderInternals, tableBuilder: TableBuilderFactory): boolean | undefined {
  if (builder._schema !== undefined) giveUp('withSchema()');
  const sequence = builder._sequence;
  const question = sequence.find((e) => e.method === 'hasTable' || e.method === 'hasColumn');
  if (question) {
    if (sequence.length !== 1) giveUp('hasTable/hasColumn chained with other statements');
    return answer(state, question);
  }
  for (const entry of sequence) applyEntry(state, entry, tableBuilder);
  return undefined;
}

function answer(state: PgState, entry: SequenceEntry): boolean {
  const table = state.tables.get(plainName(entry.args[0], 'table'));
  if (entry.method === 'hasTable') return table !== undefined;
  const column = plainName(entry.args[1], 'column');
  return table !== undefined && table.columns.some((c) => c.name === column);
}

function applyEntry(state: PgState, { method, args }: SequenceEntry, tableBuilder: TableBuilderFactory): void {
  switch (method) {
    case 'createTable':
      return applyCreateTable(state, tableBuilder('create', plainName(args[0], 'table'), args[1]));
    case 'createTableIfNotExists':
      // knex still runs the table's ALTER statements when the table exists: only a new table replays.
      if (state.tables.has(plainName(args[0], 'table'))) giveUp('createTableIfNotExists on an existing table');
      return applyCreateTable(state, tableBuilder('create', plainName(args[0], 'table'), args[1]));
    case 'alterTable':
      return applyAlterTable(state, tableBuilder('alter', plainName(args[0], 'table'), args[1]));
    case 'dropTable':
    case 'dropTableIfExists':
      return dropTable(state, plainName(args[0], 'table'), method === 'dropTableIfExists');
    case 'renameTable':
      return renameTable(state, plainName(args[0], 'table'), plainName(args[1], 'table'));
    case 'raw':
      return applyRawSql(state, args[0], args[1]);
    default:
      return giveUp(`knex.schema.${method}()`);
  }
}

function dropTable(state: PgState, name: string, ifExists: boolean): void {
  const table = state.tables.get(name);
  if (!table) return ifExists ? undefined : giveUp(`table "${name}" does not exist`);
  if (state.referencesTo(name).some(({ from }) => from !== table)) giveUp(`table "${name}" is referenced by a foreign key`);
  for (const relation of [name, table.primaryKey?.name, ...table.uniques.map((u) => u.name), ...table.indexes.map((i) => i.name), ...table.columns.map((c) => c.sequence)]) {
    if (relation !== undefined) state.relations.delete(relation);
  }
  state.types.delete(name);
  state.tables.delete(name);
}

function renameTable(state: PgState, from: string, to: string): void {
  const table = state.table(from);
  if (state.relations.has(to) || state.types.has(to)) giveUp(`relation "${to}" already exists`);
  for (const { fk } of state.referencesTo(from)) fk.referencedTable = to;
  state.relations.delete(from);
  state.types.delete(from);
  state.relations.add(to);
  state.types.add(to);
  state.tables.delete(from);
  table.name = to;
  state.tables.set(to, table);
}
