import { describe, expect, it } from 'vitest';
import { StateError } from '../errors';
import { planUpgrade } from './plan';
import { caught, chain, forked, linear, mapOf, rev, revisionsOf } from './test-builders';

const up = (map: ReturnType<typeof mapOf>, current: string[], target: string) => revisionsOf(planUpgrade(map, current, target));

const merged = mapOf(rev('a'), rev('b', 'a'), rev('c1', 'b', { labels: ['left'] }), rev('c2', 'b'), rev('m', ['c1', 'c2']));
// Two independent lines; core's c needs net's y.
const dependent = mapOf(
  rev('a', null, { labels: ['core'] }),
  rev('b', 'a'),
  rev('c', 'b', { dependsOn: ['y'] }),
  rev('x', null, { labels: ['net'] }),
  rev('y', 'x'),
  rev('z', 'y'),
);

describe('planUpgrade: absolute targets', () => {
  it('applies a linear chain from nothing', () => {
    expect(planUpgrade(linear, [], 'head')).toEqual([
      { revision: 'a', direction: 'up' },
      { revision: 'b', direction: 'up' },
      { revision: 'c', direction: 'up' },
      { revision: 'd', direction: 'up' },
    ]);
  });

  it('applies only what is missing', () => expect(up(linear, ['b'], 'head')).toEqual(['c', 'd']));
  it('stops at the target', () => expect(up(linear, ['a'], 'c')).toEqual(['b', 'c']));
  it('accepts a prefix and an offset', () => expect(up(linear, [], 'b+1')).toEqual(['a', 'b', 'c']));
  it('does nothing at the target', () => expect(up(linear, ['d'], 'head')).toEqual([]));
  it('does nothing for a target already applied', () => expect(up(linear, ['d'], 'b')).toEqual([]));
  it('does nothing for base', () => expect(up(linear, ['b'], 'base')).toEqual([]));
  it('treats redundant current heads as their frontier', () => expect(up(linear, ['a', 'b'], 'head')).toEqual(['c', 'd']));
  it('plans nothing in an empty graph', () => expect(up(mapOf(), [], 'heads')).toEqual([]));
  it('does nothing at every head, listed in any order', () => {
    expect(up(forked, [...forked.heads].reverse(), 'heads')).toEqual([]);
    expect(up(dependent, ['c', 'z'], 'heads')).toEqual([]);
    expect(up(forked, [forked.heads[0] as string], 'heads')).toEqual(['c2', 'd2']);
  });

  it('applies both branches to heads, one branch after the other', () => {
    expect(up(forked, [], 'heads')).toEqual(['a', 'b', 'c1', 'd1', 'c2', 'd2']);
  });

  it('completes the other branch', () => expect(up(forked, ['d1'], 'heads')).toEqual(['c2', 'd2']));

  it('refuses head when there are two heads', () => {
    const error = caught(() => up(forked, [], 'head'));
    expect(error.code).toBe('MIG_MULTIPLE_HEADS');
    expect(error.message).toContain('d1, d2');
  });

  it('upgrades one branch by label', () => {
    expect(up(forked, [], 'left@head')).toEqual(['a', 'b', 'c1', 'd1']);
    expect(up(forked, ['d1'], 'right@head')).toEqual(['c2', 'd2']);
    expect(up(forked, [], 'right@c')).toEqual(['a', 'b', 'c2']);
  });

  it('upgrades to the point a branch starts from with <label>@base', () => {
    expect(up(forked, [], 'left@base')).toEqual(['a', 'b']);
  });

  it('applies a merge after both parents', () => {
    expect(up(merged, [], 'head')).toEqual(['a', 'b', 'c1', 'c2', 'm']);
    expect(up(merged, ['c2'], 'head')).toEqual(['c1', 'm']);
  });

  it('applies a merge of three', () => {
    const map = mapOf(rev('a'), rev('b', 'a'), rev('c', 'a'), rev('d', 'a'), rev('m', ['b', 'c', 'd']));
    expect(up(map, ['c'], 'head')).toEqual(['b', 'd', 'm']);
  });

  it('applies a dependency from another branch first', () => {
    expect(up(dependent, [], 'c')).toEqual(['a', 'b', 'x', 'y', 'c']);
    expect(up(dependent, ['b'], 'core@head')).toEqual(['x', 'y', 'c']);
    expect(up(dependent, ['z'], 'c')).toEqual(['a', 'b', 'c']);
  });

  it('applies several independent bases for heads', () => {
    expect(up(dependent, [], 'heads')).toEqual(['a', 'b', 'x', 'y', 'c', 'z']);
  });
});

describe('planUpgrade: relative targets', () => {
  it('counts +N from the current head', () => {
    expect(up(linear, ['b'], '+1')).toEqual(['c']);
    expect(up(linear, ['a'], '+3')).toEqual(['b', 'c', 'd']);
  });

  it('counts +N from base when nothing is applied', () => expect(up(linear, [], '+2')).toEqual(['a', 'b']));

  it('refuses +N past the head', () => {
    const error = caught(() => up(linear, ['c'], '+2'));
    expect(error.code).toBe('MIG_RELATIVE_OUT_OF_RANGE');
    expect(error.message).toContain('head d is reached after 1 step');
  });

  it('refuses +N through a branch point, asking for a label', () => {
    const error = caught(() => up(forked, ['a'], '+2'));
    expect(error.code).toBe('MIG_AMBIGUOUS_REVISION');
    expect(error.message).toContain('b branches into 2 revisions');
    expect(error.hint).toContain('<label>@+N');
  });

  it('refuses +N from several current heads', () => {
    const error = caught(() => up(merged, ['c1', 'c2'], '+1'));
    expect(error.code).toBe('MIG_MULTIPLE_HEADS');
    expect(error.message).toContain('c1, c2');
  });

  it('counts <label>@+N along the branch', () => {
    expect(up(forked, ['a'], 'left@+2')).toEqual(['b', 'c1']);
    expect(up(forked, ['d2'], 'left@+1')).toEqual(['c1']);
    expect(up(forked, [], 'right@+3')).toEqual(['a', 'b', 'c2']);
    expect(up(merged, ['c1', 'c2'], 'left@+1')).toEqual(['m']);
  });

  it('counts <rev>+N from a fixed revision', () => {
    expect(up(merged, ['c1', 'c2'], 'c1+1')).toEqual(['m']);
    expect(up(forked, [], 'c2+1')).toEqual(['a', 'b', 'c2', 'd2']);
  });

  it('applies a relative target’s dependencies too', () => {
    expect(up(dependent, ['b'], 'core@+1')).toEqual(['x', 'y', 'c']);
  });

  it('refuses a downward relative target', () => {
    const error = caught(() => up(linear, ['d'], '-1'));
    expect(error.code).toBe('MIG_BAD_TARGET');
    expect(error.hint).toContain('migrate-down');
  });

  it('refuses a database revision this checkout does not have', () => {
    const error = caught(() => up(linear, ['b', 'f00d'], 'head'));
    expect(error).toBeInstanceOf(StateError);
    expect(error.code).toBe('MIG_UNKNOWN_DB_REVISION');
    expect(error.message).toContain('f00d');
    expect(error.hint).toContain('--purge');
  });

  it('refuses a bad target before looking at anything', () => {
    expect(caught(() => up(linear, [], '+0')).code).toBe('MIG_BAD_TARGET');
  });

  it('accepts a parsed target', () => {
    expect(revisionsOf(planUpgrade(linear, ['c'], { kind: 'relative', steps: 1 }))).toEqual(['d']);
  });
});

describe('planUpgrade at scale', () => {
  it('plans 10,000 revisions from base without recursion', () => {
    const map = mapOf(...chain(10_000));
    const steps = planUpgrade(map, [], 'head');
    expect(steps).toHaveLength(10_000);
    expect(steps[0]?.revision).toBe('r0');
    expect(steps.at(-1)?.revision).toBe('r9999');
    expect(planUpgrade(map, ['r5000'], '+4999')).toHaveLength(4_999);
  });
});
