import { describe, expect, it } from 'vitest';
import { MigError } from '../errors';
import type { RevisionHeader } from './header';
import { planDowngrade, planStamp, planUpgrade } from './plan';
import type { RevisionMap } from './revision-map';
import { caught, mapOf, rev } from './test-builders';
import { appliedSet, frontier, headsAfterStep, type PlanStep } from './version-heads';

const forked = mapOf(rev('a'), rev('b', 'a'), rev('c1', 'b'), rev('d1', 'c1'), rev('c2', 'b'), rev('d2', 'c2'));
const dependent = mapOf(rev('a'), rev('b', 'a', { dependsOn: ['y'] }), rev('x'), rev('y', 'x'));

describe('frontier', () => {
  it('keeps the applied revisions nothing applied needs', () => {
    expect(frontier(forked, ['a', 'b', 'c1'])).toEqual(['c1']);
    expect(frontier(forked, ['a', 'b', 'c1', 'c2', 'd2'])).toEqual(['c1', 'd2']);
  });

  it('closes the set under ancestors first', () => expect(frontier(forked, ['d1', 'c2'])).toEqual(['c2', 'd1']));
  it('is empty for nothing', () => expect(frontier(forked, [])).toEqual([]));

  it('counts dependsOn as needing', () => {
    expect(frontier(dependent, ['b'])).toEqual(['b']);
    expect(frontier(dependent, ['a', 'y'])).toEqual(['a', 'y']);
  });
});

describe('appliedSet', () => {
  it('is the heads with all their ancestors', () => {
    expect([...appliedSet(dependent, ['b'])].sort()).toEqual(['a', 'b', 'x', 'y']);
  });

  it('names an unknown database revision and how to recover', () => {
    const error = caught(() => appliedSet(forked, ['d1', 'beef']));
    expect(error.code).toBe('MIG_UNKNOWN_DB_REVISION');
    expect(error.message).toContain('beef');
    expect(error.message).toContain('no revision file in this checkout');
    expect(error.hint).toContain('check out');
  });
});

describe('headsAfterStep', () => {
  it('replaces the parents of an upgraded revision', () => {
    expect(headsAfterStep(forked, ['b'], { revision: 'c1', direction: 'up' })).toEqual(['c1']);
    expect(headsAfterStep(forked, ['c1'], { revision: 'c2', direction: 'up' })).toEqual(['c1', 'c2']);
    expect(headsAfterStep(forked, [], { revision: 'a', direction: 'up' })).toEqual(['a']);
  });

  it('replaces a dependency head by its dependent', () => {
    expect(headsAfterStep(dependent, ['a', 'y'], { revision: 'b', direction: 'up' })).toEqual(['b']);
  });

  it('uncovers parents no remaining head needs', () => {
    expect(headsAfterStep(forked, ['c1'], { revision: 'c1', direction: 'down' })).toEqual(['b']);
    expect(headsAfterStep(forked, ['c1', 'c2'], { revision: 'c1', direction: 'down' })).toEqual(['c2']);
    expect(headsAfterStep(dependent, ['b'], { revision: 'b', direction: 'down' })).toEqual(['a', 'y']);
  });

  it('keeps a parent covered when another parent of the removed revision needs it', () => {
    const map = mapOf(rev('a'), rev('b', 'a'), rev('c', 'b', { dependsOn: ['a'] }));
    expect(headsAfterStep(map, ['c'], { revision: 'c', direction: 'down' })).toEqual(['b']);
  });

  it('is idempotent for an upgrade already recorded', () => {
    expect(headsAfterStep(forked, ['c1'], { revision: 'c1', direction: 'up' })).toEqual(['c1']);
  });

  it('refuses to downgrade a revision that is not a head', () => {
    const error = caught(() => headsAfterStep(forked, ['d1'], { revision: 'b', direction: 'down' }));
    expect(error.code).toBe('MIG_BAD_TARGET');
    expect(error.message).toContain('not a current head (d1)');
  });
});

/** The plan, or undefined when the graph legitimately refuses a relative target here. */
function attempt(plan: () => PlanStep[]): PlanStep[] | undefined {
  try {
    return plan();
  } catch (error) {
    const refusals = ['MIG_MULTIPLE_HEADS', 'MIG_AMBIGUOUS_REVISION', 'MIG_RELATIVE_OUT_OF_RANGE'];
    if (error instanceof MigError && refusals.includes(error.code)) return undefined;
    throw error;
  }
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A graph with bases, branches, merges (of two and three) and dependsOn across branches. */
function randomGraph(next: () => number, size: number): RevisionHeader[] {
  const headers: RevisionHeader[] = [];
  const pick = () => `n${Math.floor(next() * headers.length)}`;
  for (let i = 0; i < size; i++) {
    const roll = next();
    const parents = i === 0 || roll < 0.08 ? [] : roll < 0.2 ? [pick(), pick(), pick()] : [pick()];
    const down = [...new Set(parents)];
    const dependsOn = i > 2 && next() < 0.2 ? [pick()].filter((dep) => !down.includes(dep)) : [];
    headers.push(rev(`n${i}`, down, { dependsOn }));
  }
  return headers;
}

/** Runs `steps` from `heads`, checking after each one that the recorded heads are the frontier. */
function replay(map: RevisionMap, heads: readonly string[], steps: readonly PlanStep[]): string[] {
  const applied = appliedSet(map, heads);
  let current = [...heads];
  for (const step of steps) {
    const needs = map.parents(step.revision);
    if (step.direction === 'up') {
      expect(applied.has(step.revision)).toBe(false);
      expect(needs.filter((parent) => !applied.has(parent))).toEqual([]);
      applied.add(step.revision);
    } else {
      expect(applied.has(step.revision)).toBe(true);
      const needers = [...map.children(step.revision), ...map.dependents(step.revision)];
      expect(needers.filter((later) => applied.has(later))).toEqual([]);
      applied.delete(step.revision);
    }
    current = headsAfterStep(map, current, step);
    expect(current).toEqual(frontier(map, applied));
  }
  return current;
}

describe('headsAfterStep, property: replaying any plan keeps the heads equal to the frontier', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`holds for random graph #${seed}`, () => {
      const next = random(seed);
      const map = mapOf(...randomGraph(next, 12 + Math.floor(next() * 30)));
      const ids = map.all.map((revision) => revision.id);
      const anyId = () => ids[Math.floor(next() * ids.length)] as string;

      let heads = replay(map, [], planUpgrade(map, [], anyId()));
      for (let round = 0; round < 8; round++) {
        const target = anyId();
        const applied = appliedSet(map, heads);
        const plan = applied.has(target) ? planDowngrade(map, heads, target) : planUpgrade(map, heads, target);
        const stamped = planStamp(map, heads, target);
        heads = replay(map, heads, plan);
        expect(heads).toEqual(stamped);
        expect(appliedSet(map, heads).has(target)).toBe(true);
      }
      for (const relative of ['-1', '+1', '-2', '+2', '-3', '+3']) {
        // From nothing, upgrading to one revision always leaves exactly that revision as the head.
        const start = anyId();
        heads = replay(map, replay(map, heads, planDowngrade(map, heads, 'base')), planUpgrade(map, [], start));
        expect(heads).toEqual([start]);
        const plan = attempt(() => (relative.startsWith('-') ? planDowngrade : planUpgrade)(map, heads, relative));
        // -N removes exactly N revisions; +N may add dependencies of the revision it lands on.
        if (plan && relative.startsWith('-')) expect(plan).toHaveLength(-Number(relative));
        if (plan && relative.startsWith('+')) expect(plan.length).toBeGreaterThanOrEqual(Number(relative));
        if (plan) heads = replay(map, heads, plan);
      }
      heads = replay(map, heads, planUpgrade(map, heads, 'heads'));
      expect(planUpgrade(map, heads, 'heads')).toEqual([]);
      heads = replay(map, heads, planDowngrade(map, heads, 'base'));
      expect(heads).toEqual([]);
    });
  }

  it('holds for relative steps along a chain with a side branch', () => {
    const map = mapOf(rev('a'), rev('b', 'a'), rev('c', 'b'), rev('s', 'a', { labels: ['side'] }), rev('d', 'c', { dependsOn: ['s'] }));
    let heads = replay(map, [], planUpgrade(map, [], 'b'));
    expect(heads).toEqual(['b']);
    heads = replay(map, heads, planUpgrade(map, heads, 'd'));
    expect(heads).toEqual(['d']);
    heads = replay(map, heads, planDowngrade(map, heads, '-2'));
    expect(heads).toEqual(['b', 's']);
    heads = replay(map, heads, planDowngrade(map, heads, 'side@-1'));
    expect(heads).toEqual(['b']);
  });
});
