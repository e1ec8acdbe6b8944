import { describe, expect, it } from 'vitest';
import { history, pending } from './history';
import { caught, forked, linear, mapOf, rev, revisionsOf } from './test-builders';

const ids = (map: ReturnType<typeof mapOf>, range: string | undefined, current: string[] = []) =>
  history(map, range, current).map((revision) => revision.id);

const dependent = mapOf(rev('a'), rev('b', 'a'), rev('c', 'b', { dependsOn: ['y'] }), rev('x'), rev('y', 'x'), rev('z', 'y'));

describe('history', () => {
  it('lists everything newest first without a range', () => {
    expect(ids(linear, undefined)).toEqual(['d', 'c', 'b', 'a']);
    expect(ids(forked, undefined)).toEqual(['d2', 'c2', 'd1', 'c1', 'b', 'a']);
  });

  it('returns revisions with their headers', () => {
    expect(history(mapOf(rev('a', null, { message: 'first' })), undefined, [])[0]?.header.message).toBe('first');
  });

  it('includes both ends of a range', () => {
    expect(ids(linear, 'b:d')).toEqual(['d', 'c', 'b']);
    expect(ids(linear, 'b:b')).toEqual(['b']);
  });

  it('reads empty sides as base and heads', () => {
    expect(ids(linear, ':c')).toEqual(['c', 'b', 'a']);
    expect(ids(linear, 'c:')).toEqual(['d', 'c']);
    expect(ids(linear, ':')).toEqual(['d', 'c', 'b', 'a']);
  });

  it('is empty up to base, or for a reversed range', () => {
    expect(ids(linear, ':base')).toEqual([]);
    expect(ids(linear, 'd:b')).toEqual([]);
  });

  it('resolves current from the database heads', () => {
    expect(ids(linear, 'current:', ['b'])).toEqual(['d', 'c', 'b']);
    expect(ids(linear, ':current', ['b'])).toEqual(['b', 'a']);
    expect(ids(linear, ':current', [])).toEqual([]);
    expect(ids(linear, 'current:', [])).toEqual(['d', 'c', 'b', 'a']);
  });

  it('counts relative sides from the current head, as Alembic does', () => {
    expect(ids(linear, '-1:current', ['c'])).toEqual(['c', 'b']);
    expect(ids(linear, 'current:+1', ['b'])).toEqual(['c', 'b']);
  });

  it('shows one branch with <label>@base:<label>@head', () => {
    expect(ids(forked, 'left@base:left@head')).toEqual(['d1', 'c1']);
    expect(ids(forked, ':right@base')).toEqual(['b', 'a']);
  });

  it('shows the other branches the current heads are on', () => {
    expect(ids(forked, 'b:heads', ['d1'])).toEqual(['d2', 'c2', 'd1', 'c1', 'b']);
    expect(ids(forked, ':current', ['c1', 'd2'])).toEqual(['d2', 'c2', 'c1', 'b', 'a']);
  });

  it('includes dependencies below the upper bound', () => {
    expect(ids(dependent, ':c')).toEqual(['c', 'y', 'x', 'b', 'a']);
    expect(ids(dependent, 'y:')).toEqual(['z', 'c', 'y']);
  });

  it('refuses bad ranges and unknown database revisions when current is used', () => {
    expect(caught(() => ids(linear, 'b')).code).toBe('MIG_BAD_TARGET');
    expect(caught(() => ids(linear, 'zz:')).code).toBe('MIG_UNKNOWN_REVISION');
    expect(caught(() => ids(linear, 'current:', ['gone'])).code).toBe('MIG_UNKNOWN_DB_REVISION');
    expect(ids(linear, 'b:', ['gone'])).toEqual(['d', 'c', 'b']);
  });

  it('accepts a parsed range', () => {
    expect(history(linear, { lower: { kind: 'revision', ref: 'c' }, upper: { kind: 'heads' } }, []).map((r) => r.id)).toEqual(['d', 'c']);
  });
});

describe('pending', () => {
  it('is the upgrade plan to heads', () => {
    expect(revisionsOf(pending(linear, ['b']))).toEqual(['c', 'd']);
    expect(revisionsOf(pending(forked, ['d1']))).toEqual(['c2', 'd2']);
    expect(pending(linear, ['d'])).toEqual([]);
  });

  it('includes dependencies from another base', () => {
    expect(revisionsOf(pending(dependent, ['b']))).toEqual(['x', 'y', 'c', 'z']);
  });
});
