import { describe, expect, it } from 'vitest';
import { RevisionGraphError, TargetError } from '../errors';
import { RevisionMap } from './revision-map';
import { caught, mapOf, rev } from './test-builders';

const ids = (map: RevisionMap) => map.all.map((revision) => revision.id);

describe('RevisionMap.build: shapes', () => {
  it('indexes a linear chain', () => {
    const map = mapOf(rev('c', 'b'), rev('a'), rev('b', 'a'));
    expect(ids(map)).toEqual(['a', 'b', 'c']);
    expect(map.heads).toEqual(['c']);
    expect(map.bases).toEqual(['a']);
    expect(map.branchPoints).toEqual([]);
    expect(map.mergePoints).toEqual([]);
    expect(map.size).toBe(3);
  });

  it('accepts an empty list', () => {
    const map = mapOf();
    expect(map.all).toEqual([]);
    expect(map.heads).toEqual([]);
    expect(map.bases).toEqual([]);
  });

  it('finds two heads after a branch point', () => {
    const map = mapOf(rev('a'), rev('b', 'a'), rev('c', 'a'));
    expect(map.heads).toEqual(['b', 'c']);
    expect(map.branchPoints).toEqual(['a']);
    expect(map.children('a')).toEqual(['b', 'c']);
  });

  it('finds merge points, including a merge of three', () => {
    const map = mapOf(rev('a'), rev('b', 'a'), rev('c', 'a'), rev('d', 'a'), rev('m', ['b', 'c', 'd']));
    expect(map.mergePoints).toEqual(['m']);
    expect(map.heads).toEqual(['m']);
    expect(map.parents('m')).toEqual(['b', 'c', 'd']);
    expect(map.revision('m').downRevisions).toEqual(['b', 'c', 'd']);
  });

  it('keeps each branch contiguous in `all`, independent of input order', () => {
    const headers = [rev('a'), rev('b1', 'a'), rev('b2', 'b1'), rev('c1', 'a'), rev('c2', 'c1'), rev('m', ['b2', 'c2'])];
    const forward = ids(RevisionMap.build(headers));
    const backward = ids(RevisionMap.build([...headers].reverse()));
    expect(forward).toEqual(['a', 'b1', 'b2', 'c1', 'c2', 'm']);
    expect(backward).toEqual(forward);
  });

  it('numbers positions in `all` order', () => {
    const map = mapOf(rev('b', 'a'), rev('a'));
    expect(map.all.map((revision) => revision.position)).toEqual([0, 1]);
    expect(map.get('b')?.position).toBe(1);
  });

  it('treats several bases (several version folders) as one graph', () => {
    const map = mapOf(rev('a', null, { file: 'v1/a.ts' }), rev('x', null, { file: 'v2/x.ts' }), rev('y', 'x'));
    expect(map.bases).toEqual(['a', 'x']);
    expect(map.heads).toEqual(['a', 'y']);
  });

  it('keeps a revision that is only depended on as a head (Alembic heads)', () => {
    const map = mapOf(rev('a'), rev('x'), rev('y', 'x', { dependsOn: ['a'] }));
    expect(map.heads).toEqual(['a', 'y']);
    expect(map.dependents('a')).toEqual(['y']);
    expect(map.children('a')).toEqual([]);
    expect(map.parents('y')).toEqual(['x', 'a']);
  });

  it('orders dependencies before their dependents', () => {
    const map = mapOf(rev('x'), rev('y', 'x', { dependsOn: ['b'] }), rev('a'), rev('b', 'a'));
    const order = ids(map);
    expect(order.indexOf('b')).toBeLessThan(order.indexOf('y'));
  });

  it('resolves dependsOn given as prefix or branch label', () => {
    const map = mapOf(
      rev('aa11'),
      rev('bb22', null, { labels: ['net'] }),
      rev('cc33', 'aa11', { dependsOn: ['bb', 'net'] }),
      rev('dd44', 'cc33', { dependsOn: ['aa11'] }),
    );
    expect(map.revision('cc33').dependsOn).toEqual(['bb22']);
    expect(map.revision('dd44').dependsOn).toEqual(['aa11']);
  });

  it('drops a dependsOn entry that repeats a downRevision', () => {
    const map = mapOf(rev('a'), rev('b', 'a', { dependsOn: ['a'] }));
    expect(map.revision('b').dependsOn).toEqual([]);
    expect(map.parents('b')).toEqual(['a']);
  });
});

describe('RevisionMap queries', () => {
  const map = mapOf(
    rev('a', null, { labels: ['core'] }),
    rev('b', 'a'),
    rev('c', 'b'),
    rev('x', null, { labels: ['net'] }),
    rev('y', 'x', { dependsOn: ['b'] }),
  );

  it('has/get exact ids only', () => {
    expect(map.has('a')).toBe(true);
    expect(map.has('zz')).toBe(false);
    expect(map.get('zz')).toBeUndefined();
    expect(map.get('y')?.dependsOn).toEqual(['b']);
  });

  it('ancestors follow downRevisions and dependsOn, in map order', () => {
    expect(map.ancestors(['y'])).toEqual(['a', 'b', 'x']);
    expect(map.ancestors(['y'], true)).toEqual(['a', 'b', 'x', 'y']);
    expect(map.ancestors(['y'], true, 'downRevisions')).toEqual(['x', 'y']);
  });

  it('descendants follow children and dependents', () => {
    expect(map.descendants(['a'])).toEqual(['b', 'c', 'y']);
    expect(map.descendants(['a'], false, 'downRevisions')).toEqual(['b', 'c']);
    expect(map.descendants(['c'], true)).toEqual(['c']);
    expect(map.descendants(['c'])).toEqual([]);
  });

  it('includes a start revision reached from another start even without includeSelf', () => {
    expect(map.ancestors(['b', 'c'])).toEqual(['a', 'b']);
  });

  it('labelled returns the revision carrying the label', () => {
    expect(map.labelled('net')).toBe('x');
    expect([...map.branchLabels]).toEqual([
      ['core', 'a'],
      ['net', 'x'],
    ]);
  });

  it('refuses an unknown label and lists the known ones', () => {
    const error = caught(() => map.labelled('nope'));
    expect(error).toBeInstanceOf(TargetError);
    expect(error.code).toBe('MIG_UNKNOWN_LABEL');
    expect(error.hint).toContain('core, net');
  });

  it('throws MIG_UNKNOWN_REVISION for queries on unknown ids', () => {
    expect(caught(() => map.parents('nope')).code).toBe('MIG_UNKNOWN_REVISION');
    expect(caught(() => map.ancestors(['nope'])).code).toBe('MIG_UNKNOWN_REVISION');
  });

  it('orders a subset parents first and children first', () => {
    expect(map.inOrder(['y', 'c', 'b'])).toEqual(['b', 'c', 'y']);
    expect(map.inReverseOrder(['b', 'c', 'y'])).toEqual(['y', 'c', 'b']);
  });
});

describe('RevisionMap.resolveId and resolveRef', () => {
  const map = mapOf(rev('ae1027a6acf'), rev('ae10b2c'), rev('1975ea83b712', 'ae1027a6acf', { labels: ['ae'] }));

  it('accepts a full id', () => expect(map.resolveId('ae10b2c')).toBe('ae10b2c'));
  it('accepts a unique prefix', () => expect(map.resolveId('1975')).toBe('1975ea83b712'));
  it('accepts a prefix that is unique after more characters', () => expect(map.resolveId('ae102')).toBe('ae1027a6acf'));

  it('lists the candidates of an ambiguous prefix', () => {
    const error = caught(() => map.resolveId('ae10'));
    expect(error.code).toBe('MIG_AMBIGUOUS_REVISION');
    expect(error.message).toContain('ae1027a6acf, ae10b2c');
  });

  it('refuses an unknown id', () => {
    expect(caught(() => map.resolveId('ffff')).code).toBe('MIG_UNKNOWN_REVISION');
    expect(caught(() => map.resolveId('')).code).toBe('MIG_UNKNOWN_REVISION');
  });

  it('prefers a branch label to a prefix in resolveRef', () => {
    expect(map.resolveRef('ae')).toBe('1975ea83b712');
    expect(caught(() => map.resolveId('ae')).code).toBe('MIG_AMBIGUOUS_REVISION');
  });
});

describe('RevisionMap.build: errors', () => {
  it('names both files of a duplicate id', () => {
    const error = caught(() => mapOf(rev('a', null, { file: 'v1/a.ts', line: 9 }), rev('a', null, { file: 'v2/a_copy.ts', line: 10 })));
    expect(error).toBeInstanceOf(RevisionGraphError);
    expect(error.code).toBe('MIG_DUPLICATE_REVISION');
    expect(error.message).toContain('v1/a.ts:9');
    expect(error.message).toContain('v2/a_copy.ts:10');
    expect(error.file).toBe('v2/a_copy.ts');
    expect(error.hint).toBeTruthy();
  });

  it('names the child file of a missing downRevision', () => {
    const error = caught(() => mapOf(rev('a'), rev('b', 'zz', { file: 'versions/b.ts', line: 7 })));
    expect(error.code).toBe('MIG_MISSING_PARENT');
    expect(error.message).toContain('versions/b.ts:7');
    expect(error.message).toContain('zz');
    expect(error.file).toBe('versions/b.ts');
    expect(error.line).toBe(7);
  });

  it('suggests the full id when a downRevision is a prefix', () => {
    const error = caught(() => mapOf(rev('abcdef'), rev('b', 'abc')));
    expect(error.code).toBe('MIG_MISSING_PARENT');
    expect(error.hint).toContain('abcdef');
  });

  it('names the file of a missing dependsOn', () => {
    const error = caught(() => mapOf(rev('a'), rev('b', 'a', { dependsOn: ['nope'], file: 'b.ts', line: 3 })));
    expect(error.code).toBe('MIG_MISSING_PARENT');
    expect(error.message).toContain('dependsOn');
    expect(error.message).toContain('b.ts:3');
  });

  it('refuses an ambiguous dependsOn prefix', () => {
    const error = caught(() => mapOf(rev('ab1'), rev('ab2'), rev('c', null, { dependsOn: ['ab'], file: 'c.ts' })));
    expect(error.code).toBe('MIG_BAD_HEADER');
    expect(error.message).toContain('ab1, ab2');
    expect(error.file).toBe('c.ts');
  });

  it('refuses a revision revising itself', () => {
    const error = caught(() => mapOf(rev('a', 'a', { file: 'a.ts', line: 1 })));
    expect(error.code).toBe('MIG_SELF_REFERENCE');
    expect(error.message).toContain('a.ts:1');
  });

  it('refuses a revision depending on itself, even through its label', () => {
    expect(caught(() => mapOf(rev('a', null, { dependsOn: ['a'] }))).code).toBe('MIG_SELF_REFERENCE');
    expect(caught(() => mapOf(rev('a', null, { labels: ['me'], dependsOn: ['me'] }))).code).toBe('MIG_SELF_REFERENCE');
  });

  it('names every revision of a downRevision cycle', () => {
    const error = caught(() => mapOf(rev('r0'), rev('a', 'c', { file: 'a.ts', line: 2 }), rev('b', 'a', { file: 'b.ts' }), rev('c', 'b')));
    expect(error.code).toBe('MIG_CYCLE');
    expect(error.message).toContain('Files: ');
    expect(error.message).toMatch(/a\.ts:2/);
    expect(error.message).toMatch(/b\.ts/);
    for (const id of ['a', 'b', 'c']) expect(error.message).toContain(id);
    expect(error.message).not.toContain('r0');
    expect(error.message).toMatch(/(\w) → \w → \w → \1/);
  });

  it('finds a cycle that goes through dependsOn', () => {
    const error = caught(() => mapOf(rev('a', null, { dependsOn: ['b'] }), rev('b', 'a')));
    expect(error.code).toBe('MIG_CYCLE');
    expect(error.message).toMatch(/a → b → a|b → a → b/);
  });

  it('reports the cycle, not the revisions stuck behind it', () => {
    const error = caught(() => mapOf(rev('x', 'y'), rev('y', 'x'), rev('after', 'y')));
    expect(error.code).toBe('MIG_CYCLE');
    expect(error.message).toMatch(/x → y → x|y → x → y/);
    expect(error.message).not.toContain('after →');
  });

  it('refuses a label used on two revisions', () => {
    const error = caught(() => mapOf(rev('a', null, { labels: ['x'], file: 'a.ts' }), rev('b', null, { labels: ['x'], file: 'b.ts' })));
    expect(error.code).toBe('MIG_LABEL_CLASH');
    expect(error.message).toContain('a.ts');
    expect(error.message).toContain('b.ts');
  });

  it('refuses a label equal to a revision id', () => {
    const error = caught(() => mapOf(rev('a'), rev('b', 'a', { labels: ['a'], file: 'b.ts', line: 4 })));
    expect(error.code).toBe('MIG_LABEL_CLASH');
    expect(error.location).toBe('b.ts:4');
  });

  it('accepts the same label twice on one revision', () => {
    expect(mapOf(rev('a', null, { labels: ['x', 'x'] })).revision('a').branchLabels).toEqual(['x']);
  });

  it.each(['', 'a-b', 'a@b', 'a+1', 'x:y', 'with space', 'head', 'heads', 'base', 'current'])('refuses the id %j', (id) => {
    const error = caught(() => mapOf(rev(id, null, { file: 'f.ts' })));
    expect(error.code).toBe('MIG_BAD_HEADER');
    expect(error.file).toBe('f.ts');
    expect(error.hint).toContain('letters, digits');
  });

  it.each(['feature-x', 'head', 'a@b'])('refuses the branch label %j', (label) => {
    expect(caught(() => mapOf(rev('a', null, { labels: [label] }))).code).toBe('MIG_BAD_HEADER');
  });
});
