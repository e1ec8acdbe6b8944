import { describe, expect, it } from 'vitest';
import { parallelHeads, parallelHeadsOf } from './parallel-heads';
import { mapOf, rev } from './test-builders';

describe('parallelHeads', () => {
  it('finds nothing in a chain or an empty history', () => {
    expect(parallelHeads(mapOf(rev('a'), rev('b', 'a')))).toEqual([]);
    expect(parallelHeads(mapOf())).toEqual([]);
  });

  it('groups two unlabelled heads on the same parent (two merged git branches)', () => {
    expect(parallelHeads(mapOf(rev('a'), rev('c', 'a'), rev('b', 'a')))).toEqual([['b', 'c']]);
  });

  it('groups three unlabelled heads, also from separate bases', () => {
    expect(parallelHeads(mapOf(rev('a'), rev('b', 'a'), rev('c', 'a'), rev('x')))).toEqual([['b', 'c', 'x']]);
  });

  it('leaves differently labelled branches alone', () => {
    const map = mapOf(rev('a'), rev('b', 'a', { labels: ['alpha'] }), rev('c', 'a', { labels: ['beta'] }), rev('b2', 'b'));
    expect(map.heads).toEqual(['b2', 'c']);
    expect(parallelHeads(map)).toEqual([]);
  });

  it('groups parallel heads within one labelled branch, apart from the other branch', () => {
    const map = mapOf(
      rev('a'),
      rev('b', 'a', { labels: ['alpha'] }),
      rev('x', 'b'),
      rev('y', 'b'),
      rev('c', 'a', { labels: ['beta'] }),
      rev('t1'),
      rev('t2', 't1', { labels: ['gamma'] }),
      rev('t3', 't1', { labels: ['gamma2'] }),
    );
    expect(parallelHeads(map)).toEqual([['x', 'y']]);
  });

  it('separates an unlabelled trunk from a labelled branch, but merges two unlabelled heads', () => {
    const map = mapOf(rev('a'), rev('m', 'a'), rev('n', 'a'), rev('l', null, { labels: ['lib'] }));
    expect(parallelHeads(map)).toEqual([['m', 'n']]);
  });

  it('sees no parallel heads once a merge revision joins them', () => {
    expect(parallelHeadsOf([rev('a'), rev('b', 'a'), rev('c', 'a'), rev('m', ['b', 'c'])])).toEqual([]);
  });
});
