/**
 * Ops as the bodies of a revision's `upgrade(knex)` and `downgrade(knex)` (Alembic's
 * `autogenerate/render.py`): knex schema-builder calls, `knex.raw` only where knex cannot say it.
 * The downgrade is the reversed ops, rendered the same way. Never touches a database.
 *
 * Each op is one statement, preceded by the model line that asked for it and, when it can lose
 * data, a warning. The output is plain JavaScript (valid TypeScript), so it also runs as-is.
 */
import { destructiveReason } from '../ops/destructive';
import { dispatchOp, type Op, type OpDispatch, type OpOf } from '../ops/ops';
import { reverseAll } from '../ops/reverse';
import type { SchemaDialect, Table } from '../schema/schema';
import { columnBuilder, incrementsFor } from './column-builder';
import { commentText, jsString } from './js-literal';
import { RENDER_DIALECTS } from './render-dialect';
import { objectName, objectNames, tableName } from './knex-names';
import { checkCall, checkName, checkNeedsAlterTable, foreignKeyCall, indexCall, indexNeedsRaw, indexSql, isExpression, primaryKeyCall, uniqueCall } from './table-items';

export interface RenderedOps {
  readonly upgrades: string;
  readonly downgrades: string;
  /** Extra import lines for the revision file; none needed so far. */
  readonly imports?: string;
}

export interface RenderOptions {
  /** Prefix of every line; default two spaces (the body of a function). */
  readonly indent?: string;
}

export function renderOps(ops: readonly Op[], dialect: SchemaDialect, options: RenderOptions = {}): RenderedOps {
  const indent = options.indent ?? '  ';
  return { upgrades: renderBody(ops, dialect, indent), downgrades: renderBody(reverseAll(ops), dialect, indent) };
}

function renderBody(ops: readonly Op[], dialect: SchemaDialect, indent: string): string {
  const renderers = renderersFor(dialect);
  return ops
    .flatMap((op) => [...headerOf(op), ...dispatchOp(renderers, op)])
    .map((line) => `${indent}${line}`)
    .join('\n');
}

function headerOf(op: Op): string[] {
  const lines: string[] = [];
  if (op.origin) lines.push(`// from ${commentText(op.origin.file)}:${op.origin.line}`);
  const reason = destructiveReason(op);
  if (reason) lines.push(`// WARNING: drops data (${commentText(reason)})`);
  return lines;
}

/** `await knex.schema.alterTable('t', (table) => { … });` on one line. */
const alter = (table: string, d: SchemaDialect, call: string) => [`await knex.schema.alterTable(${tableName(table, d)}, (table) => { ${call}; });`];

const raw = (sql: string, d: SchemaDialect) => `await knex.raw(${jsString(RENDER_DIALECTS[d].knexText(sql))});`;

/** knex writes a table comment into SQL unescaped: only a comment without quote or `?` goes through it. */
const plainComment = (comment: string | undefined) => comment === undefined || !/['?]/.test(comment);

function createTable(table: Table, d: SchemaDialect): string[] {
  const pkColumns = table.primaryKey?.columns ?? [];
  const sole = pkColumns.length === 1 ? table.columns.find((c) => c.name === pkColumns[0]) : undefined;
  const increments = sole && incrementsFor(sole, d);
  const pkNamedByDatabase = RENDER_DIALECTS[d].inlinePrimaryKeyNamed(table);
  const body = table.columns.map((c) => columnBuilder(c, d, c === sole && increments ? { kind: 'add', increments, primaryKey: pkNamedByDatabase } : { kind: 'add' }));
  if (table.primaryKey && !(increments && pkNamedByDatabase)) body.push(primaryKeyCall(table.primaryKey, d));
  body.push(...table.uniques.map((u) => uniqueCall(u, d)));
  body.push(...table.indexes.filter((i) => !indexNeedsRaw(i)).map((i) => indexCall(i, d)));
  body.push(...table.foreignKeys.map((fk) => foreignKeyCall(fk, d)));
  const [inline, later] = [table.checks.filter((c) => !checkNeedsAlterTable(c, d)), table.checks.filter((c) => checkNeedsAlterTable(c, d))];
  body.push(...inline.map((c) => checkCall(c, d)));
  if (table.comment && plainComment(table.comment)) body.push(`table.comment(${jsString(table.comment)})`);
  return [
    `await knex.schema.createTable(${tableName(table.name, d)}, (table) => {`,
    ...body.map((line) => `  ${line};`),
    '});',
    ...later.flatMap((c) => alter(table.name, d, checkCall(c, d))),
    ...table.indexes.filter(indexNeedsRaw).map((i) => raw(indexSql(table.name, i, d), d)),
    ...(table.comment && !plainComment(table.comment) ? [raw(RENDER_DIALECTS[d].tableCommentSql(table.name, table.comment), d)] : []),
  ];
}

const SEQUENCE_TYPES = new Set(['smallint', 'integer', 'bigint']);

/**
 * knex's `.alter()` drops the default of the column, which for a serial column is its sequence:
 * such columns are altered with plain SQL, one change per statement.
 */
function alterSerialColumn(op: OpOf<'alterColumn'>, d: SchemaDialect): string[] {
  const q = RENDER_DIALECTS[d].quoteIdent;
  const target = `ALTER TABLE ${q(op.table)} ALTER COLUMN ${q(op.to.name)}`;
  const lines: string[] = [];
  if (op.from.type !== op.to.type) {
    lines.push(raw(`${target} TYPE ${op.to.type}`, d));
    // The sequence keeps its own type (integer for serial), which would cap the new bigint column.
    if (SEQUENCE_TYPES.has(op.to.type)) {
      const sequence = `pg_get_serial_sequence(${RENDER_DIALECTS[d].sqlString(q(op.table))}, ${RENDER_DIALECTS[d].sqlString(op.to.name)})`;
      lines.push(raw(`DO $mig$ BEGIN IF ${sequence} IS NOT NULL THEN EXECUTE format('ALTER SEQUENCE %s AS ${op.to.type}', ${sequence}); END IF; END $mig$`, d));
    }
  }
  if (op.from.nullable !== op.to.nullable) lines.push(raw(`${target} ${op.to.nullable ? 'DROP' : 'SET'} NOT NULL`, d));
  if ((op.from.comment ?? '') !== (op.to.comment ?? '')) {
    const comment = op.to.comment ? RENDER_DIALECTS[d].sqlString(op.to.comment) : 'NULL';
    lines.push(raw(`COMMENT ON COLUMN ${q(op.table)}.${q(op.to.name)} IS ${comment}`, d));
  }
  // The default of a serial column is its sequence: nothing to restate.
  return lines.length ? lines : [`// ${commentText(op.table)}.${commentText(op.to.name)}: no change that applies to an auto-increment column`];
}

function renderersFor(d: SchemaDialect): OpDispatch<string[]> {
  return {
    createTable: (op) => createTable(op.table, d),
    dropTable: (op) => [`await knex.schema.dropTable(${tableName(op.table.name, d)});`],
    renameTable: (op) => [`await knex.schema.renameTable(${tableName(op.from, d)}, ${tableName(op.to, d)});`],
    addColumn: (op) => alter(op.table, d, columnBuilder(op.column, d, { kind: 'add' })),
    dropColumn: (op) => alter(op.table, d, `table.dropColumn(${objectName(op.column.name, d)})`),
    renameColumn: (op) => alter(op.table, d, `table.renameColumn(${objectName(op.from, d)}, ${objectName(op.to, d)})`),
    alterColumn: (op) =>
      d === 'postgres' && (op.from.autoIncrement || op.to.autoIncrement)
        ? alterSerialColumn(op, d)
        : alter(op.table, d, columnBuilder(op.to, d, { kind: 'alter', from: op.from })),
    addPrimaryKey: (op) => alter(op.table, d, primaryKeyCall(op.primaryKey, d)),
    dropPrimaryKey: (op) => alter(op.table, d, `table.dropPrimary(${objectName(op.primaryKey.name, d)})`),
    addUnique: (op) => alter(op.table, d, uniqueCall(op.unique, d)),
    dropUnique: (op) => alter(op.table, d, `table.dropUnique(${objectNames(op.unique.columns, d)}, ${objectName(op.unique.name, d)})`),
    addIndex: (op) => (indexNeedsRaw(op.index) ? [raw(indexSql(op.table, op.index, d), d)] : alter(op.table, d, indexCall(op.index, d))),
    dropIndex: (op) => alter(op.table, d, `table.dropIndex(${objectNames(op.index.columns.filter((c) => !isExpression(c)), d)}, ${objectName(op.index.name, d)})`),
    addForeignKey: (op) => alter(op.table, d, foreignKeyCall(op.foreignKey, d)),
    dropForeignKey: (op) => alter(op.table, d, `table.dropForeign(${objectNames(op.foreignKey.columns, d)}, ${objectName(op.foreignKey.name, d)})`),
    addCheck: (op) => alter(op.table, d, checkCall(op.check, d)),
    dropCheck: (op) => alter(op.table, d, `table.dropChecks([${checkName(op.check, d)}])`),
    setTableComment: (op) =>
      plainComment(op.to) ? alter(op.table, d, `table.comment(${jsString(op.to ?? '')})`) : [raw(RENDER_DIALECTS[d].tableCommentSql(op.table, op.to), d)],
  };
}
