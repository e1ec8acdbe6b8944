import { describe, expect, it } from 'vitest';
import { parseTarget } from './target-parse';
import { branchLineage, resolvePoint, type AbsoluteTarget } from './target-resolve';
import { caught, mapOf, rev } from './test-builders';

const point = (map: ReturnType<typeof mapOf>, text: string) => resolvePoint(map, parseTarget(text) as AbsoluteTarget);

// a ← b ← c ← d
const linear = mapOf(rev('a'), rev('b', 'a'), rev('c', 'b'), rev('d', 'c'));

// a ← b ← c1 ← d1   (c1 labelled left)
//       ↖ c2 ← d2   (c2 labelled right)
const forked = mapOf(
  rev('a'),
  rev('b', 'a'),
  rev('c1', 'b', { labels: ['left'], file: 'v/c1.ts', line: 3, message: 'left side' }),
  rev('d1', 'c1', { file: 'v/d1.ts', line: 3 }),
  rev('c2', 'b', { labels: ['right'] }),
  rev('d2', 'c2', { file: 'v/d2.ts', line: 5 }),
);

const merged = mapOf(rev('a'), rev('b', 'a'), rev('c1', 'b', { labels: ['left'] }), rev('c2', 'b'), rev('m', ['c1', 'c2']));

describe('resolvePoint: keywords', () => {
  it('resolves head to the single head', () => {
    expect(point(linear, 'head')).toEqual({ kind: 'revisions', ids: ['d'] });
  });

  it('refuses head when there are two heads, naming them with their files', () => {
    const error = caught(() => point(forked, 'head'));
    expect(error.code).toBe('MIG_MULTIPLE_HEADS');
    expect(error.message).toContain('d1 (v/d1.ts:3)');
    expect(error.message).toContain('d2 (v/d2.ts:5)');
    expect(error.hint).toContain('nx g mig:merge --project=<app>');
    expect(error.hint).toContain('heads');
  });

  it('resolves heads to every head', () => {
    expect(point(forked, 'heads')).toEqual({ kind: 'revisions', ids: ['d1', 'd2'] });
  });

  it('resolves base and head of an empty graph to base', () => {
    expect(point(linear, 'base')).toEqual({ kind: 'base' });
    expect(point(mapOf(), 'head')).toEqual({ kind: 'base' });
    expect(point(mapOf(), 'heads')).toEqual({ kind: 'base' });
  });
});

describe('resolvePoint: ids and labels', () => {
  it('resolves full ids, prefixes and bare labels', () => {
    expect(point(forked, 'c2')).toEqual({ kind: 'revisions', ids: ['c2'] });
    expect(point(mapOf(rev('ae1027a6acf')), 'ae10')).toEqual({ kind: 'revisions', ids: ['ae1027a6acf'] });
    expect(point(forked, 'left')).toEqual({ kind: 'revisions', ids: ['c1'] });
  });

  it('refuses an ambiguous prefix, listing candidates', () => {
    const error = caught(() => point(forked, 'c'));
    expect(error.code).toBe('MIG_AMBIGUOUS_REVISION');
    expect(error.message).toContain('c1, c2');
  });

  it('refuses an unknown id', () => {
    expect(caught(() => point(forked, 'zz')).code).toBe('MIG_UNKNOWN_REVISION');
  });

  it('resolves <label>@head and <label>@base', () => {
    expect(point(forked, 'left@head')).toEqual({ kind: 'revisions', ids: ['d1'] });
    expect(point(forked, 'right@head')).toEqual({ kind: 'revisions', ids: ['d2'] });
    expect(point(forked, 'left@base')).toEqual({ kind: 'branchBase', id: 'c1' });
  });

  it('finds a branch head past a merge', () => {
    expect(point(merged, 'left@head')).toEqual({ kind: 'revisions', ids: ['m'] });
  });

  it('refuses <label>@head when the branch itself has two heads', () => {
    const map = mapOf(rev('a', null, { labels: ['x'] }), rev('b', 'a'), rev('c', 'a'));
    const error = caught(() => point(map, 'x@head'));
    expect(error.code).toBe('MIG_MULTIPLE_HEADS');
    expect(error.message).toContain('b, c');
  });

  it('refuses an unknown label', () => {
    expect(caught(() => point(forked, 'nope@head')).code).toBe('MIG_UNKNOWN_LABEL');
    expect(caught(() => point(forked, 'nope@base')).code).toBe('MIG_UNKNOWN_LABEL');
  });

  it('resolves <label>@<prefix> among the branch only', () => {
    expect(point(forked, 'left@c')).toEqual({ kind: 'revisions', ids: ['c1'] });
    expect(point(forked, 'right@d')).toEqual({ kind: 'revisions', ids: ['d2'] });
    expect(point(forked, 'left@a')).toEqual({ kind: 'revisions', ids: ['a'] });
  });

  it('refuses <label>@<id> for a revision on another branch', () => {
    const error = caught(() => point(forked, 'left@d2'));
    expect(error.code).toBe('MIG_BAD_TARGET');
    expect(error.message).toContain('not on branch left');
  });

  it('refuses <label>@<unknown>', () => {
    expect(caught(() => point(forked, 'left@zz')).code).toBe('MIG_UNKNOWN_REVISION');
  });

  it('treats a branch as the labelled revision with its ancestors and descendants', () => {
    expect([...branchLineage(forked, 'left')].sort()).toEqual(['a', 'b', 'c1', 'd1']);
  });
});

describe('resolvePoint: offsets', () => {
  it('walks up and down from a revision', () => {
    expect(point(linear, 'b+2')).toEqual({ kind: 'revisions', ids: ['d'] });
    expect(point(linear, 'd-2')).toEqual({ kind: 'revisions', ids: ['b'] });
    expect(point(linear, 'head-1')).toEqual({ kind: 'revisions', ids: ['c'] });
  });

  it('treats one step below a base as that branch’s base', () => {
    expect(point(linear, 'b-2')).toEqual({ kind: 'branchBase', id: 'a' });
  });

  it('refuses to walk past a base or a head', () => {
    const below = caught(() => point(linear, 'b-3'));
    expect(below.code).toBe('MIG_RELATIVE_OUT_OF_RANGE');
    expect(below.message).toContain('base a');
    const above = caught(() => point(linear, 'head+1'));
    expect(above.code).toBe('MIG_RELATIVE_OUT_OF_RANGE');
    expect(above.message).toContain('head d');
  });

  it('refuses to choose at a branch point or a merge', () => {
    const up = caught(() => point(forked, 'b+1'));
    expect(up.code).toBe('MIG_AMBIGUOUS_REVISION');
    expect(up.message).toContain('c1 (left side, v/c1.ts:3)');
    expect(up.hint).toContain('<label>@+N');
    expect(caught(() => point(merged, 'm-1')).code).toBe('MIG_AMBIGUOUS_REVISION');
  });

  it('follows the label’s branch through branch points and merges', () => {
    expect(point(forked, 'left@b+1')).toEqual({ kind: 'revisions', ids: ['c1'] });
    expect(point(forked, 'left@head-1')).toEqual({ kind: 'revisions', ids: ['c1'] });
    expect(point(merged, 'left@m-1')).toEqual({ kind: 'revisions', ids: ['c1'] });
  });

  it('refuses head±N when there are several heads', () => {
    expect(caught(() => point(forked, 'head-1')).code).toBe('MIG_MULTIPLE_HEADS');
  });

  it('refuses an offset in an empty graph', () => {
    expect(caught(() => point(mapOf(), 'head-1')).code).toBe('MIG_RELATIVE_OUT_OF_RANGE');
  });
});
