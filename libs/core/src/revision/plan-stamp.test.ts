import { describe, expect, it } from 'vitest';
import { planStamp } from './plan';
import { caught, forked, linear, mapOf, rev } from './test-builders';

const dependent = mapOf(rev('a'), rev('b', 'a', { dependsOn: ['y'] }), rev('x', null, { labels: ['net'] }), rev('y', 'x'));

describe('planStamp', () => {
  it('stamps head from nothing', () => expect(planStamp(linear, [], 'head')).toEqual(['d']));
  it('stamps backwards without running anything', () => expect(planStamp(linear, ['d'], 'b')).toEqual(['b']));
  it('stamps base as no heads', () => expect(planStamp(linear, ['d'], 'base')).toEqual([]));
  it('stamps relative targets', () => {
    expect(planStamp(linear, ['d'], '-2')).toEqual(['b']);
    expect(planStamp(linear, ['b'], '+1')).toEqual(['c']);
    expect(planStamp(linear, [], '+1')).toEqual(['a']);
  });

  it('stamps every head', () => expect(planStamp(forked, ['b'], 'heads')).toEqual(['d1', 'd2']));

  it('adds a branch and keeps the other', () => expect(planStamp(forked, ['d2'], 'c1')).toEqual(['c1', 'd2']));

  it('moves one branch back and keeps the other', () => expect(planStamp(forked, ['d1', 'd2'], 'c1')).toEqual(['c1', 'd2']));

  it('moves back to a shared revision, dropping both branches', () => expect(planStamp(forked, ['d1', 'd2'], 'a')).toEqual(['a']));

  it('removes a branch with <label>@base', () => expect(planStamp(forked, ['d1', 'd2'], 'left@base')).toEqual(['d2']));

  it('stamps <label>@-N and <label>@+N', () => {
    expect(planStamp(forked, ['d1', 'd2'], 'right@-1')).toEqual(['c2', 'd1']);
    expect(planStamp(forked, ['d1'], 'right@+1')).toEqual(['c2', 'd1']);
  });

  it('records a dependent revision as the only head over its dependency', () => {
    expect(planStamp(dependent, [], 'b')).toEqual(['b']);
    expect(planStamp(dependent, ['b'], 'x')).toEqual(['a', 'x']);
  });

  it('with purge ignores the current heads', () => {
    expect(planStamp(linear, ['d'], 'b', { purge: true })).toEqual(['b']);
    expect(planStamp(forked, ['d1'], 'right@head', { purge: true })).toEqual(['d2']);
    expect(planStamp(linear, ['d'], 'base', { purge: true })).toEqual([]);
  });

  it('with purge recovers from heads this checkout does not know', () => {
    expect(caught(() => planStamp(linear, ['gone'], 'head')).code).toBe('MIG_UNKNOWN_DB_REVISION');
    expect(planStamp(linear, ['gone'], 'head', { purge: true })).toEqual(['d']);
  });

  it('refuses targets it cannot resolve', () => {
    expect(caught(() => planStamp(forked, [], 'head')).code).toBe('MIG_MULTIPLE_HEADS');
    expect(caught(() => planStamp(linear, [], 'nope')).code).toBe('MIG_UNKNOWN_REVISION');
    expect(caught(() => planStamp(linear, [], '-1')).code).toBe('MIG_RELATIVE_OUT_OF_RANGE');
  });
});
