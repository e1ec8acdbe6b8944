import { describe, expect, it } from 'vitest';
import { RevisionMap } from './revision-map';
import { caught, chain, rev } from './test-builders';

describe('RevisionMap at scale', () => {
  // Correctness at size only: speed is measured by tools/bench (heads of 10,000 files), never by a
  // timed test on a shared machine.
  it('builds 10,000 revisions in a chain and finds the one head', () => {
    const headers = chain(10_000);
    expect(RevisionMap.build(headers).heads).toEqual(['r9999']);
  });

  it('builds a wide graph of 10,000 revisions', () => {
    const headers = [rev('root'), ...Array.from({ length: 9_999 }, (_, i) => rev(`b${i}`, 'root'))];
    expect(RevisionMap.build(headers).heads).toHaveLength(9_999);
  });

  it('builds 10,000 revisions in 100 branches with merges and dependencies', () => {
    const headers = [rev('root')];
    for (let b = 0; b < 100; b++) {
      for (let i = 0; i < 99; i++) {
        const dependsOn = i === 50 && b > 0 ? [`b${b - 1}_50`] : [];
        headers.push(rev(`b${b}_${i}`, i === 0 ? 'root' : `b${b}_${i - 1}`, { dependsOn }));
      }
    }
    headers.push(rev('merge', Array.from({ length: 100 }, (_, b) => `b${b}_98`)));
    expect(RevisionMap.build(headers).heads).toEqual(['merge']);
  });

  it('walks a 10,000 chain without recursion', () => {
    const map = RevisionMap.build(chain(10_000));
    expect(map.ancestors(['r9999'])).toHaveLength(9_999);
    expect(map.descendants(['r0'], true)).toHaveLength(10_000);
    expect(map.all[0]?.id).toBe('r0');
  });

  it('detects a cycle in a long chain without recursion', () => {
    const headers = chain(10_000);
    headers[0] = rev('r0', 'r9999');
    expect(caught(() => RevisionMap.build(headers)).code).toBe('MIG_CYCLE');
  });
});
