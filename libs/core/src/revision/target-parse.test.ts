import { describe, expect, it } from 'vitest';
import { TargetError } from '../errors';
import { formatTarget, parseRange, parseTarget } from './target-parse';
import { caught } from './test-builders';

describe('parseTarget: accepted forms', () => {
  it.each([
    ['head', { kind: 'head' }],
    ['heads', { kind: 'heads' }],
    ['base', { kind: 'base' }],
    ['ae1027a6acf', { kind: 'revision', ref: 'ae1027a6acf' }],
    ['ae1', { kind: 'revision', ref: 'ae1' }],
    ['0001_init', { kind: 'revision', ref: '0001_init' }],
    ['+1', { kind: 'relative', steps: 1 }],
    ['+12', { kind: 'relative', steps: 12 }],
    ['-3', { kind: 'relative', steps: -3 }],
    ['ae10+2', { kind: 'offset', from: { kind: 'revision', ref: 'ae10' }, steps: 2 }],
    ['ae10-1', { kind: 'offset', from: { kind: 'revision', ref: 'ae10' }, steps: -1 }],
    ['head-1', { kind: 'offset', from: { kind: 'head' }, steps: -1 }],
    ['head+2', { kind: 'offset', from: { kind: 'head' }, steps: 2 }],
    ['net@head', { kind: 'head', label: 'net' }],
    ['net@base', { kind: 'base', label: 'net' }],
    ['net@+2', { kind: 'relative', steps: 2, label: 'net' }],
    ['net@-1', { kind: 'relative', steps: -1, label: 'net' }],
    ['net@ae10', { kind: 'revision', ref: 'ae10', label: 'net' }],
    ['net@ae10+1', { kind: 'offset', from: { kind: 'revision', ref: 'ae10' }, steps: 1, label: 'net' }],
    ['net@head-2', { kind: 'offset', from: { kind: 'head' }, steps: -2, label: 'net' }],
    ['  head  ', { kind: 'head' }],
  ])('parses %j', (text, expected) => {
    expect(parseTarget(text)).toEqual(expected);
  });

  it('keeps ids that merely start with a keyword', () => {
    expect(parseTarget('headed')).toEqual({ kind: 'revision', ref: 'headed' });
    expect(parseTarget('basement')).toEqual({ kind: 'revision', ref: 'basement' });
  });
});

describe('parseTarget: refused forms', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['+0', 'positive'],
    ['-0', 'positive'],
    ['+x', 'positive'],
    ['-', 'positive'],
    ['+1.5', 'positive'],
    ['1.5', 'not a revision'],
    ['abc-', 'positive'],
    ['abc+0', 'positive'],
    ['a-b', 'positive'],
    ['@head', 'branch label'],
    ['net@', 'after `@`'],
    ['a@b@c', 'after `@`'],
    ['net@heads', 'cannot follow'],
    ['heads-1', 'cannot be counted'],
    ['base+1', 'cannot be counted'],
    ['current', 'only names one side'],
    ['a:b', 'range'],
    ['ab cd', 'not a revision'],
    ['+99999999999999999999', 'positive'],
  ])('refuses %j with MIG_BAD_TARGET', (text, why) => {
    const error = caught(() => parseTarget(text));
    expect(error).toBeInstanceOf(TargetError);
    expect(error.code).toBe('MIG_BAD_TARGET');
    expect(error.message).toContain(why);
    expect(error.message).toContain(`\`${text}\``);
    expect(error.hint).toBeTruthy();
  });

  it('lists the grammar in the hint', () => {
    expect(caught(() => parseTarget('+x')).hint).toContain('<label>@head');
  });
});

describe('parseRange', () => {
  it('parses both sides', () => {
    expect(parseRange('ae10:head')).toEqual({ lower: { kind: 'revision', ref: 'ae10' }, upper: { kind: 'head' } });
  });

  it('reads an empty lower side as base and an empty upper side as heads', () => {
    expect(parseRange(':')).toEqual({ lower: { kind: 'base' }, upper: { kind: 'heads' } });
    expect(parseRange('ae10:')).toEqual({ lower: { kind: 'revision', ref: 'ae10' }, upper: { kind: 'heads' } });
    expect(parseRange(':ae10')).toEqual({ lower: { kind: 'base' }, upper: { kind: 'revision', ref: 'ae10' } });
  });

  it('accepts current and relative sides', () => {
    expect(parseRange('current:')).toEqual({ lower: { kind: 'current' }, upper: { kind: 'heads' } });
    expect(parseRange('-3:current')).toEqual({ lower: { kind: 'relative', steps: -3 }, upper: { kind: 'current' } });
    expect(parseRange('net@base:net@head')).toEqual({ lower: { kind: 'base', label: 'net' }, upper: { kind: 'head', label: 'net' } });
  });

  it.each(['a', 'a:b:c', 'x@current:', '+0:head'])('refuses %j', (text) => {
    expect(caught(() => parseRange(text)).code).toBe('MIG_BAD_TARGET');
  });
});

describe('formatTarget', () => {
  it.each(['head', 'heads', 'base', 'ae10', '+2', '-1', 'ae10+3', 'head-1', 'net@head', 'net@base', 'net@-2', 'net@ae10', 'net@ae10-1'])(
    'round-trips %j',
    (text) => expect(formatTarget(parseTarget(text))).toBe(text),
  );

  it('prints current', () => expect(formatTarget({ kind: 'current' })).toBe('current'));
});
