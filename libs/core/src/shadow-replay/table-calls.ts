/**
 * Table-level calls recorded in a createTable/alterTable callback (`grouping: 'alterTable'`):
 * keys, indexes, foreign keys, drops, renames and nullability, in call order.
 */
import { sqlConstraintName } from './check-expressions';
import { giveUp } from './give-up';
import type { ForeignData } from './knex-internals';
import { givenOr, knexIndexName, nameList, plainName } from './names';
import type { PgState, TableState } from './pg-state';
import { addForeignKey, addIndex, addPrimaryKey, addUnique, dropColumn, dropConstraint, dropIndex, referentialAction, renameColumn } from './table-constraints';

type Call = (state: PgState, table: TableState, args: readonly unknown[]) => void;

const isOptions = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !('isRawInstance' in v);

const optionsOf = (value: unknown, nameKey: string): { name: unknown; options: Record<string, unknown> } =>
  isOptions(value) ? { name: value[nameKey], options: value } : { name: value, options: {} };

const CALLS: Record<string, Call> = {
  foreign: (state, table, [data]) => foreign(state, table, data as ForeignData),
  primary: (state, table, [columns, named]) => {
    const { name, options } = optionsOf(named, 'constraintName');
    if (options.deferrable) giveUp('a deferrable primary key');
    addPrimaryKey(state, table, givenOr(name, () => `${table.name}_pkey`), nameList(columns, 'primary key column'));
  },
  unique: (state, table, [columns, named]) => {
    const list = nameList(columns, 'unique column');
    const { name, options } = optionsOf(named, 'indexName');
    if (options.deferrable || options.predicate) giveUp('a deferrable or partial unique key');
    const indexName = givenOr(name, () => knexIndexName('unique', table.name, list));
    if (options.useConstraint === false) addIndex(state, table, { name: indexName, columns: list, unique: true });
    else addUnique(state, table, indexName, list);
  },
  index: (state, table, [columns, named, options]) => index(state, table, columns, named, options),
  dropPrimary: (state, table, [name]) => dropConstraint(state, table, givenOr(name, () => `${table.name}_pkey`), false),
  dropPrimaryIfExists: (state, table, [name]) => dropConstraint(state, table, givenOr(name, () => `${table.name}_pkey`), true),
  dropUnique: (state, table, [columns, name]) => dropConstraint(state, table, givenOr(name, () => knexIndexName('unique', table.name, nameList(columns, 'column'))), false),
  dropUniqueIfExists: (state, table, [columns, name]) => dropConstraint(state, table, givenOr(name, () => knexIndexName('unique', table.name, nameList(columns, 'column'))), true),
  dropForeign: (state, table, [columns, name]) => dropConstraint(state, table, givenOr(name, () => knexIndexName('foreign', table.name, nameList(columns, 'column'))), false),
  dropForeignIfExists: (state, table, [columns, name]) => dropConstraint(state, table, givenOr(name, () => knexIndexName('foreign', table.name, nameList(columns, 'column'))), true),
  dropIndex: (state, table, [columns, name]) => dropIndex(state, givenOr(name, () => knexIndexName('index', table.name, nameList(columns, 'column'))), false),
  dropColumn: (state, table, args) => {
    for (const name of nameList(Array.isArray(args[0]) ? args[0] : args, 'column')) dropColumn(state, table, name);
  },
  renameColumn: (state, table, [from, to]) => renameColumn(state, table, plainName(from, 'column'), plainName(to, 'column')),
  setNullable: (state, table, [name]) => {
    const column = state.column(table, plainName(name, 'column'));
    if (table.primaryKey?.columns.includes(column.name)) giveUp(`DROP NOT NULL on primary key column "${column.name}"`);
    column.nullable = true;
  },
  dropNullable: (state, table, [name]) => {
    state.assertNoRows(table, 'SET NOT NULL');
    state.column(table, plainName(name, 'column')).nullable = false;
  },
  dropChecks: (state, table, [names]) => {
    if (names === undefined) return;
    for (const name of Array.isArray(names) ? names : [names]) dropConstraint(state, table, sqlConstraintName(name), false);
  },
};

export function applyTableCall(state: PgState, table: TableState, method: string, args: readonly unknown[]): void {
  const call = CALLS[method] ?? giveUp(`table.${method}()`);
  call(state, table, args);
}

function foreign(state: PgState, table: TableState, data: ForeignData): void {
  // knex silently skips a foreign key without both; so does the replay.
  if (!data.inTable || !data.references) return;
  const columns = nameList(data.column, 'foreign key column');
  addForeignKey(state, table, {
    name: givenOr(data.keyName, () => knexIndexName('foreign', table.name, columns)),
    columns,
    referencedTable: plainName(data.inTable, 'table'),
    referencedColumns: nameList(data.references, 'referenced column'),
    ...optionalAction('onDelete', referentialAction(data.onDelete)),
    ...optionalAction('onUpdate', referentialAction(data.onUpdate)),
  });
}

const optionalAction = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as { [P in K]: V }));

function index(state: PgState, table: TableState, columns: unknown, named: unknown, options: unknown): void {
  const list = nameList(columns, 'index column');
  let indexType: unknown;
  let using: unknown;
  if (typeof options === 'string') using = options;
  else if (isOptions(options)) {
    if (options.predicate) giveUp('a partial index');
    ({ indexType, storageEngineIndexType: using } = options);
  } else if (options !== undefined && options !== null) giveUp('index() options');
  const method = typeof using === 'string' && using !== '' ? using.toLowerCase() : undefined;
  if (method !== undefined && method !== 'btree' && method !== 'hash') giveUp(`an index using ${method}`);
  const unique = typeof indexType === 'string' && indexType.toLowerCase() === 'unique';
  addIndex(state, table, {
    name: givenOr(named, () => knexIndexName('index', table.name, list)),
    columns: list,
    unique,
    ...(method === 'hash' ? { using: 'hash' } : {}),
  });
}
