import { describe, expect, it } from 'vitest';
import { TranspileError, defaultTranspiler, transpileToCommonJs, type Transpiler } from './transpile';

const revision = "import type { Knex } from 'knex';\nimport { helper } from './_helper';\nexport const revision: string = 'a1';\nexport async function upgrade(knex: Knex): Promise<void> { helper(knex); }\n";

/** Runs CommonJS code with a stub `require`, returning its exports. */
function evaluate(code: string, modules: Record<string, unknown> = {}): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  new Function('exports', 'require', 'module', code)(module.exports, (name: string) => modules[name], module);
  return module.exports;
}

describe('transpileToCommonJs', () => {
  it('uses swc when it is installed', () => {
    expect(defaultTranspiler()).toBe('swc');
  });

  describe.each<Transpiler>(['swc', 'typescript'])('with %s', (transpiler) => {
    it('turns TypeScript into CommonJS with an inline source map, dropping type-only imports', () => {
      const code = transpileToCommonJs(revision, '/v/a1.ts', transpiler);
      expect(code).not.toContain("require('knex')");
      expect(code).not.toContain('require("knex")');
      expect(code).toContain('//# sourceMappingURL=data:application/json;base64,');
      const calls: unknown[] = [];
      const exports = evaluate(code, { './_helper': { helper: (knex: unknown) => calls.push(knex) } });
      expect(exports.revision).toBe('a1');
      return (exports.upgrade as (knex: string) => Promise<void>)('knex').then(() => expect(calls).toEqual(['knex']));
    });

    it('reports a syntax error with its line', () => {
      const error = (() => {
        try {
          transpileToCommonJs("const a = 1;\n\nexport const b = = 2;\n", '/v/bad.ts', transpiler);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(TranspileError);
      expect((error as TranspileError).line).toBe(3);
      expect((error as TranspileError).message).toMatch(/expected/i);
    });

    it('turns ESM JavaScript into CommonJS', () => {
      const exports = evaluate(transpileToCommonJs('export const a = 1;\nexport default function f() { return 2; }\n', '/v/a.mjs', transpiler));
      expect(exports.a).toBe(1);
      expect((exports.default as () => number)()).toBe(2);
    });
  });

  it('leaves plain CommonJS untouched (no "use strict" forced on sloppy code)', () => {
    const source = 'module.exports = { upgrade: async () => {}, downgrade: async () => {} };\n';
    expect(transpileToCommonJs(source, '/v/a.cjs')).toBe(source);
    expect(transpileToCommonJs(source, '/v/a.js')).toBe(source);
  });
});
