import { describe, expect, it } from 'vitest';
import { planDowngrade } from './plan';
import { caught, chain, forked, linear, mapOf, rev, revisionsOf } from './test-builders';
import { headsAfterStep } from './version-heads';

const down = (map: ReturnType<typeof mapOf>, current: string[], target: string) => revisionsOf(planDowngrade(map, current, target));

/** Heads left after running the downgrade plan, step by step, as the runner would. */
const headsAfter = (map: ReturnType<typeof mapOf>, current: string[], target: string) =>
  planDowngrade(map, current, target).reduce((heads, step) => headsAfterStep(map, heads, step), current);

const merged = mapOf(rev('a'), rev('b', 'a'), rev('c1', 'b', { labels: ['left'] }), rev('c2', 'b'), rev('m', ['c1', 'c2']));
const dependent = mapOf(
  rev('a', null, { labels: ['core'] }),
  rev('b', 'a'),
  rev('c', 'b', { dependsOn: ['y'] }),
  rev('x', null, { labels: ['net'] }),
  rev('y', 'x'),
  rev('z', 'y'),
);

describe('planDowngrade: absolute targets', () => {
  it('removes children before parents', () => {
    expect(planDowngrade(linear, ['d'], 'b')).toEqual([
      { revision: 'd', direction: 'down' },
      { revision: 'c', direction: 'down' },
    ]);
  });

  it('removes everything for base', () => expect(down(linear, ['d'], 'base')).toEqual(['d', 'c', 'b', 'a']));
  it('does nothing at the target', () => expect(down(linear, ['c'], 'c')).toEqual([]));
  it('does nothing for base when nothing is applied', () => expect(down(linear, [], 'base')).toEqual([]));
  it('counts <rev>-N from a fixed revision', () => expect(down(linear, ['d'], 'd-2')).toEqual(['d', 'c']));
  it('removes everything when walking below the base', () => expect(down(linear, ['c'], 'b-2')).toEqual(['c', 'b', 'a']));

  it('refuses a target that is not applied, with a hint to look at status', () => {
    const error = caught(() => down(linear, ['b'], 'd'));
    expect(error.code).toBe('MIG_BAD_TARGET');
    expect(error.message).toContain('d is not applied');
    expect(error.message).toContain('current heads: b');
    expect(error.hint).toContain('migrate-status');
  });

  it('refuses a target on a branch that is not applied', () => {
    expect(caught(() => down(forked, ['d1'], 'c2')).code).toBe('MIG_BAD_TARGET');
  });

  it('removes both branches down to the branch point, one branch at a time', () => {
    expect(down(forked, ['d1', 'd2'], 'b')).toEqual(['d2', 'c2', 'd1', 'c1']);
    expect(headsAfter(forked, ['d1', 'd2'], 'b')).toEqual(['b']);
  });

  it('removes only the descendants of a revision on one branch', () => {
    expect(down(forked, ['d1', 'd2'], 'c1')).toEqual(['d1']);
    expect(headsAfter(forked, ['d1', 'd2'], 'c1')).toEqual(['c1', 'd2']);
  });

  it('removes a branch with <label>@base', () => {
    expect(down(forked, ['d1', 'd2'], 'left@base')).toEqual(['d1', 'c1']);
    expect(headsAfter(forked, ['d1', 'd2'], 'left@base')).toEqual(['d2']);
    expect(down(forked, ['d2'], 'left@base')).toEqual([]);
  });

  it('removes only the merge when downgrading to one of its parents', () => {
    expect(down(merged, ['m'], 'c1')).toEqual(['m']);
    expect(headsAfter(merged, ['m'], 'c1')).toEqual(['c1', 'c2']);
    expect(down(merged, ['m'], 'b')).toEqual(['m', 'c2', 'c1']);
  });

  it('downgrades the dependent when its dependency goes', () => {
    expect(down(dependent, ['c', 'z'], 'x')).toEqual(['z', 'c', 'y']);
    expect(headsAfter(dependent, ['c', 'z'], 'x')).toEqual(['b', 'x']);
    expect(down(dependent, ['c', 'z'], 'net@base')).toEqual(['z', 'c', 'y', 'x']);
  });

  it('keeps a target that depends on another target', () => {
    const map = mapOf(rev('a'), rev('x'), rev('y', 'x', { dependsOn: ['a'] }));
    expect(down(map, ['y'], 'heads')).toEqual([]);
  });
});

describe('planDowngrade: relative targets', () => {
  it('counts -N from the current head', () => {
    expect(down(linear, ['d'], '-1')).toEqual(['d']);
    expect(down(linear, ['d'], '-4')).toEqual(['d', 'c', 'b', 'a']);
  });

  it('refuses -N past the base', () => {
    const error = caught(() => down(linear, ['b'], '-3'));
    expect(error.code).toBe('MIG_RELATIVE_OUT_OF_RANGE');
    expect(error.message).toContain('base a is reached after 2');
  });

  it('refuses -N when nothing is applied', () => {
    expect(caught(() => down(linear, [], '-1')).code).toBe('MIG_RELATIVE_OUT_OF_RANGE');
  });

  it('refuses -N from several current heads', () => {
    const error = caught(() => down(forked, ['d1', 'd2'], '-1'));
    expect(error.code).toBe('MIG_MULTIPLE_HEADS');
    expect(error.hint).toContain('<label>@-N');
  });

  it('counts <label>@-N on one branch', () => {
    expect(down(forked, ['d1', 'd2'], 'left@-1')).toEqual(['d1']);
    expect(down(forked, ['d1', 'd2'], 'right@-2')).toEqual(['d2', 'c2']);
    expect(headsAfter(forked, ['d1', 'd2'], 'right@-2')).toEqual(['d1']);
  });

  it('stops -N at a revision another head still needs', () => {
    const error = caught(() => down(forked, ['d1', 'd2'], 'left@-3'));
    expect(error.code).toBe('MIG_RELATIVE_OUT_OF_RANGE');
    expect(error.message).toContain('b is still needed by applied revision c2');
    expect(error.message).toContain('only 2 revision(s)');
  });

  it('walks through a shared revision once the other branch is gone', () => {
    expect(down(forked, ['d1'], '-4')).toEqual(['d1', 'c1', 'b', 'a']);
  });

  it('removes just the merge for -1 at a merge point', () => {
    expect(down(merged, ['m'], '-1')).toEqual(['m']);
    expect(headsAfter(merged, ['m'], '-1')).toEqual(['c1', 'c2']);
  });

  it('refuses -2 across a merge point as ambiguous', () => {
    const error = caught(() => down(merged, ['m'], '-2'));
    expect(error.code).toBe('MIG_AMBIGUOUS_REVISION');
    expect(error.message).toContain('m merges');
  });

  it('follows the label through a merge', () => {
    expect(down(merged, ['m'], 'left@-2')).toEqual(['m', 'c1']);
  });

  it('refuses -N through a dependency another branch needs', () => {
    expect(down(dependent, ['c', 'z'], 'net@-1')).toEqual(['z']);
    const error = caught(() => down(dependent, ['c', 'z'], 'net@-2'));
    expect(error.code).toBe('MIG_RELATIVE_OUT_OF_RANGE');
    expect(error.message).toContain('y is still needed by applied revision c');
  });

  it('refuses <label>@-N when no current head is on that branch', () => {
    const error = caught(() => down(forked, ['d2'], 'left@-1'));
    expect(error.code).toBe('MIG_RELATIVE_OUT_OF_RANGE');
    expect(error.message).toContain('no current head is on branch left');
  });

  it('refuses an upward relative target', () => {
    const error = caught(() => down(linear, ['b'], '+1'));
    expect(error.code).toBe('MIG_BAD_TARGET');
    expect(error.hint).toContain('migrate-up');
  });

  it('refuses a database revision this checkout does not have', () => {
    expect(caught(() => down(linear, ['zz'], 'base')).code).toBe('MIG_UNKNOWN_DB_REVISION');
  });
});

describe('planDowngrade at scale', () => {
  it('removes 10,000 revisions without recursion', () => {
    const map = mapOf(...chain(10_000));
    const steps = planDowngrade(map, ['r9999'], 'base');
    expect(steps).toHaveLength(10_000);
    expect(steps[0]?.revision).toBe('r9999');
    expect(planDowngrade(map, ['r9999'], '-9999')).toHaveLength(9_999);
    expect(steps.reduce((heads, step) => headsAfterStep(map, heads, step), ['r9999'])).toEqual([]);
  });

  it('records a 5,000-revision branch removal step by step beside another long branch', () => {
    const left = chain(5_000, 'l').map((header, i) => (i === 0 ? rev('l0', 'root', { labels: ['left'] }) : header));
    const right = chain(5_000, 'r').map((header, i) => (i === 0 ? rev('r0', 'root') : header));
    const map = mapOf(rev('root'), ...left, ...right);
    const steps = planDowngrade(map, ['l4999', 'r4999'], 'left@base');
    const heads = steps.reduce((current, step) => headsAfterStep(map, current, step), ['l4999', 'r4999']);
    expect(steps).toHaveLength(5_000);
    expect(heads).toEqual(['r4999']);
  });
});
