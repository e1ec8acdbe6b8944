import { describe, expect, it } from 'vitest';
import { acceptRenames, noRenames, renameResolverFromHints } from './renames';
import { col, schema, table } from './test-support/builders';
import type { DiffWarning } from './warnings';

const to = schema([
  table('products', [col('headline', 'text', { renamedFrom: 'title' }), col('sku', 'text')], { renamedFrom: 'items' }),
  table('users', [col('email', 'text')]),
]);
const none = { removed: [], added: [] };

describe('renameResolverFromHints', () => {
  it('reads renamedFrom on tables and columns', () => {
    const resolver = renameResolverFromHints(to);
    expect(resolver.tables(none)).toEqual([{ from: 'items', to: 'products' }]);
    expect(resolver.columns('products', none)).toEqual([{ from: 'title', to: 'headline' }]);
    expect(resolver.columns('users', none)).toEqual([]);
  });

  it('reads config: table keys, and column keys naming the table by its new or old name', () => {
    const resolver = renameResolverFromHints(to, { people: 'users', 'users.mail': 'email', 'items.code': 'sku', 'people.x': 'y' });
    expect(resolver.tables(none)).toEqual([{ from: 'items', to: 'products' }, { from: 'people', to: 'users' }]);
    expect(resolver.columns('users', none)).toEqual([{ from: 'mail', to: 'email' }, { from: 'x', to: 'y' }]);
    expect(resolver.columns('products', none)).toEqual([{ from: 'title', to: 'headline' }, { from: 'code', to: 'sku' }]);
  });

  it('treats a dotted key that names no table as a schema-qualified table rename', () => {
    expect(renameResolverFromHints(to, { 'app.old': 'app.new' }).tables(none)).toContainEqual({ from: 'app.old', to: 'app.new' });
  });

  it('the default resolver knows no renames', () => {
    expect(noRenames.tables({ removed: ['a'], added: ['b'] })).toEqual([]);
    expect(noRenames.columns('t', { removed: ['a'], added: ['b'] })).toEqual([]);
  });
});

describe('acceptRenames', () => {
  const label = (r: { from: string; to: string }) => `${r.from} → ${r.to}`;
  const candidates = { removed: ['a', 'b'], added: ['x', 'y'] };

  it('keeps proposals that fit and warns about the rest', () => {
    const warnings: DiffWarning[] = [];
    const accepted = acceptRenames(
      [
        { from: 'a', to: 'x' },
        { from: 'a', to: 'x' },
        { from: 'a', to: 'y' },
        { from: 'zz', to: 'y' },
        { from: 'b', to: 'kept' },
        { from: 'gone', to: 'kept' },
      ],
      candidates,
      label,
      warnings,
    );
    expect(accepted).toEqual([{ from: 'a', to: 'x' }]);
    expect(warnings.map((w) => w.message)).toEqual([
      'Rename hint for a → y ignored: it conflicts with a → x.',
      'Rename hint for zz → y ignored: zz does not exist in the database (or is still in use), so y is created as new.',
      'Rename hint for b → kept ignored: kept already exists in the database, so b is not renamed to it.',
    ]);
  });
});
