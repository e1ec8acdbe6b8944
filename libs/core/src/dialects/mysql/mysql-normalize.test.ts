/**
 * Normalization rules on inline catalog text. The MariaDB spellings are also exercised against a
 * real server in introspect.test.ts; the MySQL 8 ones (no server here) are as MySQL 8.0 documents
 * and prints them: unquoted literal defaults, DEFAULT_GENERATED expressions, charset introducers.
 */
import { describe, expect, it } from 'vitest';
import {
  canonicalMysqlExpression,
  enumOfMysqlCheck,
  isJsonValidCheck,
  normalizeMysqlAction,
  normalizeMysqlCheck,
  normalizeMysqlDefault,
  normalizeMysqlType,
} from './mysql-normalize';

describe('normalizeMysqlType', () => {
  it.each([
    ['int(11)', 'int'],
    ['int(10) unsigned', 'int unsigned'],
    ['INTEGER UNSIGNED', 'int unsigned'],
    ['bigint(20) unsigned zerofill', 'bigint unsigned zerofill'],
    ['smallint(6) signed', 'smallint'],
    ['tinyint(1)', 'tinyint(1)'],
    ['tinyint(4)', 'tinyint'],
    ['boolean', 'tinyint(1)'],
    ['bool', 'tinyint(1)'],
    ['double precision', 'double'],
    ['double(8, 2)', 'double(8,2)'],
    ['numeric(12, 2)', 'decimal(12,2)'],
    ['decimal', 'decimal(10,0)'],
    ['decimal(5)', 'decimal(5,0)'],
    ['character varying(40)', 'varchar(40)'],
    ['char', 'char(1)'],
    ['datetime(0)', 'datetime'],
    ['timestamp(3)', 'timestamp(3)'],
    ['year(4)', 'year'],
    ['LONGTEXT', 'longtext'],
    ["enum('a', 'it''s, b')", "enum('a','it''s, b')"],
    ["set('x','y')", "set('x','y')"],
  ])('%s → %s', (input, canonical) => {
    expect(normalizeMysqlType(input)).toBe(canonical);
  });
});

describe('normalizeMysqlDefault', () => {
  const maria = (raw: string | null, type: string, extra = '') => normalizeMysqlDefault(raw, { mariadb: true, type, extra });
  const mysql8 = (raw: string | null, type: string, extra = '') => normalizeMysqlDefault(raw, { mariadb: false, type, extra });

  it('reads MariaDB quoted literals, NULL as text and expressions', () => {
    expect(maria(null, 'int')).toBeUndefined();
    expect(maria('NULL', 'varchar(20)')).toBeUndefined();
    expect(maria("'NULL'", 'varchar(20)')).toEqual({ kind: 'literal', value: 'NULL' });
    expect(maria("'it''s a\\\\b'", 'varchar(20)')).toEqual({ kind: 'literal', value: "it's a\\b" });
    expect(maria("'5'", 'varchar(20)')).toEqual({ kind: 'literal', value: '5' });
    expect(maria('-3', 'int')).toEqual({ kind: 'literal', value: -3 });
    expect(maria('0.00', 'decimal(12,2)')).toEqual({ kind: 'literal', value: 0 });
    expect(maria('1', 'tinyint(1)')).toEqual({ kind: 'literal', value: true });
    expect(maria("'{\"a\":[1]}'", 'json')).toEqual({ kind: 'json', value: { a: [1] } });
    expect(maria('current_timestamp()', 'timestamp')).toEqual({ kind: 'raw', sql: 'CURRENT_TIMESTAMP' });
    expect(maria('current_timestamp(3)', 'datetime(3)')).toEqual({ kind: 'raw', sql: 'CURRENT_TIMESTAMP(3)' });
    expect(maria('uuid()', 'char(36)')).toEqual({ kind: 'raw', sql: 'uuid()' });
  });

  it('reads MySQL 8 unquoted literals and DEFAULT_GENERATED expressions', () => {
    expect(mysql8('pending', "enum('pending','paid')")).toEqual({ kind: 'literal', value: 'pending' });
    expect(mysql8("it's", 'varchar(20)')).toEqual({ kind: 'literal', value: "it's" });
    expect(mysql8('0', 'tinyint(1)')).toEqual({ kind: 'literal', value: false });
    expect(mysql8('12.50', 'decimal(12,2)')).toEqual({ kind: 'literal', value: 12.5 });
    expect(mysql8('CURRENT_TIMESTAMP', 'timestamp', 'DEFAULT_GENERATED on update CURRENT_TIMESTAMP')).toEqual({ kind: 'raw', sql: 'CURRENT_TIMESTAMP' });
    expect(mysql8('CURRENT_TIMESTAMP', 'datetime')).toEqual({ kind: 'raw', sql: 'CURRENT_TIMESTAMP' });
    expect(mysql8("cast(_utf8mb4\\'{\"a\":1}\\' as json)", 'json', 'DEFAULT_GENERATED')).toEqual({ kind: 'json', value: { a: 1 } });
    expect(mysql8("_utf8mb4\\'[]\\'", 'json', 'DEFAULT_GENERATED')).toEqual({ kind: 'json', value: [] });
    expect(mysql8('(uuid())', 'char(36)', 'DEFAULT_GENERATED')).toEqual({ kind: 'raw', sql: '(uuid())' });
  });
});

describe('expressions, actions and checks', () => {
  it('spells the current timestamp one way', () => {
    for (const spelling of ['now()', 'NOW( )', 'current_timestamp', 'current_timestamp()', 'CURRENT_TIMESTAMP(0)', 'localtimestamp']) {
      expect(canonicalMysqlExpression(spelling)).toBe('CURRENT_TIMESTAMP');
    }
    expect(canonicalMysqlExpression('now(6)')).toBe('CURRENT_TIMESTAMP(6)');
    expect(canonicalMysqlExpression("concat(_utf8mb4'a', x)")).toBe("concat('a', x)");
  });

  it('treats RESTRICT and NO ACTION as no clause, since InnoDB checks immediately', () => {
    expect(normalizeMysqlAction('RESTRICT')).toBeUndefined();
    expect(normalizeMysqlAction('NO ACTION')).toBeUndefined();
    expect(normalizeMysqlAction('CASCADE')).toBe('CASCADE');
    expect(normalizeMysqlAction('SET NULL')).toBe('SET NULL');
  });

  it('unwraps MySQL 8 check clauses and finds enum-style ones', () => {
    expect(normalizeMysqlCheck("((`price` >= 0) and (`status` <> _utf8mb4'x'))")).toBe("(`price` >= 0) and (`status` <> 'x')");
    expect(normalizeMysqlCheck("(`a` > 0) or (`b` = ')(')")).toBe("(`a` > 0) or (`b` = ')(')");
    expect(enumOfMysqlCheck("(`status` in (_utf8mb4'new',_utf8mb4'it''s'))")).toEqual({ column: 'status', values: ['new', "it's"] });
    expect(enumOfMysqlCheck("`kind` in ('a',1)")).toEqual({ column: 'kind', values: ['a', '1'] });
    expect(enumOfMysqlCheck('`a` in (select 1)')).toBeUndefined();
    expect(enumOfMysqlCheck('`a` > 0')).toBeUndefined();
  });

  it("recognizes MariaDB's json_valid check for exactly its column", () => {
    expect(isJsonValidCheck('json_valid(`meta`)', 'meta')).toBe(true);
    expect(isJsonValidCheck('json_valid(`meta`)', 'other')).toBe(false);
    expect(isJsonValidCheck('json_valid(`a``b`)', 'a`b')).toBe(true);
    expect(isJsonValidCheck('json_valid(`meta`) and `x` > 0', 'meta')).toBe(false);
  });
});
