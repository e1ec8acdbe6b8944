import { describe, expect, it } from 'vitest';
import { revisionScript } from './revision-script';

const RECORD = 'WITH mig_step_heads AS (…) INSERT INTO "mig_history" …';

describe('a revision as one script', () => {
  it('drops the recorded BEGIN and COMMIT and ends with the record, each statement on its own lines', () => {
    const script = revisionScript(['BEGIN', 'create table "a" ("id" serial primary key)', 'alter table "a" add column "b" int -- why', 'COMMIT'], RECORD);
    expect(script).toEqual({ sql: `create table "a" ("id" serial primary key)\n;\nalter table "a" add column "b" int -- why\n;\n${RECORD}` });
  });

  it('is only the record for a revision that does nothing', () => {
    expect(revisionScript(['BEGIN', 'COMMIT'], RECORD)).toEqual({ sql: RECORD });
  });

  it('takes DDL, DO blocks, comments ahead of a statement and INSERTs without RETURNING', () => {
    const statements = ['DROP TABLE "a"', 'do $$ begin perform 1; end $$', '/* note */ -- more\n  CREATE INDEX "i" ON "b" ("c")', `insert into "b" ("c") values ('returned')`, 'COMMENT ON TABLE "b" IS \'x\''];
    expect(revisionScript(statements, RECORD)).toEqual({ sql: [...statements, RECORD].join('\n;\n') });
  });

  it.each([
    ['an UPDATE, whose row count the revision may compare', `update "b" set "c" = 1`],
    ['a DELETE', `delete from "b"`],
    ['a read', `select 1`],
    ['an INSERT with RETURNING', `insert into "b" ("c") values (1) returning "id"`],
    ['a savepoint of a nested transaction', 'SAVEPOINT trx2'],
    ['a COMMIT inside the revision', 'COMMIT'],
  ])('refuses %s', (_what, statement) => {
    expect(revisionScript(['BEGIN', 'create table "z" ("id" int)', statement, 'COMMIT'], RECORD)).toMatchObject({ reason: expect.any(String) });
  });
});
