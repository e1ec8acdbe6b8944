/**
 * `knex.raw` statements the renderer writes where knex's builder cannot say it (render-ops.ts):
 * `ALTER TABLE … ALTER COLUMN … TYPE / SET NOT NULL / DROP NOT NULL`, `COMMENT ON TABLE|COLUMN`,
 * `CREATE [UNIQUE] INDEX … USING … (columns)`, and the `DO $mig$` block that widens a serial's
 * sequence (which changes nothing introspection reads). Any other SQL gives up.
 */
import { changeType } from './alter-column';
import { giveUp } from './give-up';
import { plainName } from './names';
import type { PgState } from './pg-state';
import { sqlTypeKind } from './pg-types';
import { addIndex } from './table-constraints';

const ID = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const STR = String.raw`(?:NULL|'(?:[^'\\]|'')*'|U&'(?:[^'\\]|''|\\\\|\\003F)*')`;

const statements: readonly { readonly pattern: RegExp; apply(state: PgState, m: string[]): void }[] = [
  {
    pattern: new RegExp(`^ALTER TABLE (${ID}) ALTER COLUMN (${ID}) TYPE (.+)$`, 'i'),
    apply: (state, [, t, c, type]) => {
      const kind = sqlTypeKind(type);
      if (kind.serial) giveUp('ALTER COLUMN … TYPE serial');
      changeType(state, state.table(ident(t)), ident(c), kind.type);
    },
  },
  {
    pattern: new RegExp(`^ALTER TABLE (${ID}) ALTER COLUMN (${ID}) (SET|DROP) NOT NULL$`, 'i'),
    apply: (state, [, t, c, action]) => {
      const table = state.table(ident(t));
      const column = state.column(table, ident(c));
      const drop = action.toUpperCase() === 'DROP';
      if (drop && table.primaryKey?.columns.includes(column.name)) giveUp(`DROP NOT NULL on primary key column "${column.name}"`);
      if (!drop) state.assertNoRows(table, 'SET NOT NULL');
      column.nullable = drop;
    },
  },
  {
    pattern: new RegExp(`^COMMENT ON COLUMN (${ID})\\.(${ID}) IS (${STR})$`, 'i'),
    apply: (state, [, t, c, text]) => {
      const table = state.table(ident(t));
      setComment(state.column(table, ident(c)), sqlString(text));
    },
  },
  {
    pattern: new RegExp(`^COMMENT ON TABLE (${ID}) IS (${STR})$`, 'i'),
    apply: (state, [, t, text]) => setComment(state.table(ident(t)), sqlString(text)),
  },
  {
    pattern: new RegExp(`^CREATE (UNIQUE )?INDEX (${ID}) ON (${ID})(?: USING (${ID}))? \\(((?:${ID})(?:, ?${ID})*)\\)$`, 'i'),
    apply: (state, [, unique, name, t, using, columns]) => {
      const method = using === undefined ? undefined : ident(using).toLowerCase();
      if (method !== undefined && method !== 'btree' && method !== 'hash') giveUp(`an index using ${method}`);
      const list = columns.split(new RegExp(`(${ID})`)).filter((_, i) => i % 2 === 1).map(ident);
      addIndex(state, state.table(ident(t)), { name: ident(name), columns: list, unique: unique !== undefined, ...(method === 'hash' ? { using: 'hash' } : {}) });
    },
  },
  {
    // The sequence behind a serial column follows a widened type; introspection does not read it.
    pattern: /^DO \$mig\$ BEGIN IF pg_get_serial_sequence\('((?:[^']|'')*)', '((?:[^']|'')*)'\) IS NOT NULL THEN EXECUTE format\('ALTER SEQUENCE %s AS (smallint|integer|bigint)', pg_get_serial_sequence\('(?:[^']|'')*', '(?:[^']|'')*'\)\); END IF; END \$mig\$$/,
    apply: (state, [, t, c]) => {
      state.column(state.table(ident(t.replace(/''/g, "'"))), c.replace(/''/g, "'"));
    },
  },
];

export function applyRawSql(state: PgState, sql: unknown, bindings: unknown): void {
  if (typeof sql !== 'string') return giveUp('knex.raw without SQL text');
  if (Array.isArray(bindings) ? bindings.length > 0 : bindings !== undefined && bindings !== null) giveUp('knex.raw with bindings');
  // knex turns `?` into a parameter and `\?` into `?`.
  if (/(?<!\\)\?/.test(sql)) giveUp('knex.raw with a ? parameter');
  const text = sql.replace(/\\\?/g, '?').trim().replace(/;$/, '').trim();
  for (const statement of statements) {
    const match = statement.pattern.exec(text);
    if (match) return statement.apply(state, match);
  }
  return giveUp(`knex.raw(${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)})`);
}

function ident(text: string): string {
  const quoted = /^"((?:[^"]|"")+)"$/.exec(text);
  return plainName(quoted ? quoted[1].replace(/""/g, '"') : text.toLowerCase(), 'identifier');
}

/** A SQL string literal as PostgreSQL reads it (standard strings, `U&'…'` with `\003F` and `\\`); NULL is undefined. */
function sqlString(text: string): string | undefined {
  if (/^NULL$/i.test(text)) return undefined;
  if (text.startsWith('U&')) return text.slice(3, -1).replace(/''/g, "'").replace(/\\003F|\\\\/g, (e) => (e === '\\\\' ? '\\' : '?'));
  return text.slice(1, -1).replace(/''/g, "'");
}

/** PostgreSQL stores an empty comment as none. */
function setComment(target: { comment?: string }, value: string | undefined): void {
  if (value === undefined || value === '') delete target.comment;
  else target.comment = value;
}
