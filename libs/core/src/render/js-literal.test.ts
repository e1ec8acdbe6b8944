import { describe, expect, it } from 'vitest';
import { random } from '../ops/test-support/random';
import { commentText, jsString } from './js-literal';

const evaluate = (source: string): unknown => new Function(`return ${source};`)();

describe('jsString', () => {
  it.each([
    [''],
    ["it's"],
    ['a"b'],
    ['back\\slash\\'],
    ['new\nline\r\n'],
    ['${process.exit(1)}'],
    ['`tick`'],
    ['*/ end of comment'],
    ['\u2028\u2029'],
    ['\u0000\u0007\u001b\u007f'],
    ['\ud800 lone surrogate'],
    ['emoji 😀 and ü'],
    ["'); process.exit(1); ('"],
  ])('round-trips %j', (value) => {
    const literal = jsString(value);
    expect(literal).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(evaluate(literal)).toBe(value);
  });

  it('round-trips 1,000 random strings of awkward characters', () => {
    const r = random(42);
    const alphabet = ["'", '"', '\\', '\n', '$', '{', '}', '`', '\u2028', '\t', 'a', '\u0000', '\ud83d', '\ude00', 'é', '?'];
    for (let i = 0; i < 1000; i++) {
      const value = Array.from({ length: r.int(12) }, () => r.pick(alphabet)).join('');
      expect(evaluate(jsString(value))).toBe(value);
    }
  });
});

describe('commentText', () => {
  it('keeps a line comment on one line', () => {
    expect(commentText('a\nb\r\u2028c')).toBe('a b  c');
  });
});
