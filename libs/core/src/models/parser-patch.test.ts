import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ts, type TS } from './ast';
import { typeScriptParserPatched } from './load-typescript';

/** ts-morph's typescript.js compiled as published, to compare the patched parser with. */
function loadUnpatched(): typeof TS {
  const common = require.resolve('@ts-morph/common', { paths: [path.dirname(require.resolve('ts-morph'))] });
  const file = path.join(path.dirname(common), 'typescript.js');
  const wrapper = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file }).runInThisContext() as (...args: unknown[]) => void;
  const mod = { exports: {} as unknown };
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  return mod.exports as typeof TS;
}

/** The tree as nested arrays (kind, range, flags, texts, children with JSDoc), and the syntax errors. */
function shape(api: typeof TS, name: string, text: string): unknown {
  const kind = name.endsWith('.tsx') ? api.ScriptKind.TSX : name.endsWith('.js') ? api.ScriptKind.JS : api.ScriptKind.TS;
  const file = api.createSourceFile(name, text, { languageVersion: api.ScriptTarget.Latest, jsDocParsingMode: api.JSDocParsingMode.ParseAll }, false, kind);
  const visit = (node: TS.Node): unknown[] => {
    const out: unknown[] = [api.SyntaxKind[node.kind], node.pos, node.end, node.flags];
    const leaf = node as { text?: unknown; escapedText?: unknown; operator?: unknown };
    if (typeof leaf.text === 'string') out.push(leaf.text);
    if (leaf.escapedText !== undefined) out.push(leaf.escapedText);
    if (leaf.operator !== undefined) out.push(leaf.operator);
    for (const doc of (node as { jsDoc?: TS.Node[] }).jsDoc ?? []) out.push(['jsDoc', visit(doc)]);
    api.forEachChild(node, (child) => void out.push(visit(child)));
    return out;
  };
  const errors = (file as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return { tree: visit(file), errors: errors.map((e) => [e.start, e.length, e.code, api.flattenDiagnosticMessageText(e.messageText, ' ')]) };
}

const SNIPPETS: Record<string, string> = {
  'thunk.ts': `class M extends Model { static relationMappings = () => ({ parent: { relation: Model.BelongsToOneRelation, modelClass: M, join: { from: 't.a', to: 'u.id' } } }); }`,
  'destructured.ts': 'const b = ({ a }) => a; const c = ({ a }: { a: number }): number => a; const d = ([a, b]) => a + b; const r = ({ ...rest }) => rest;',
  'defaults.ts': 'const j = ({ a = 1 }) => a; const t = ({ a, } = {}) => a; const s = ({ a } ) : void => {};',
  'literals.ts': "const e = ([1, 2]).map((x) => x); const q = ({ a: { b: [1, 'x', `t`] } }).a; const z = ([a.b, c[0]]);",
  'members.ts': "const f = ({ a: b.c }); const g = ({ a: f(x), b: require('./m'), c: path.join(__dirname, 'x') });",
  'keywords.ts': "const k = ({ a: new X(), b: typeof y, c: this.z, default: 1, class: 2, from: 'a.b', d: null, e: true });",
  'nested-arrows.ts': 'const h = ({ a: (b) => c, d: () => ({ e: 1 }) }); f(({ a }) => a, ({ b }));',
  'functions.ts': 'const i = ({ a: function () { return 1; }, b() { return 2; }, get c() { return 3; } });',
  'operators.ts': 'const n = ({ a: `${x}` }); const o = ({ a: /re/ }); const p = ({ a: x ? 1 : 2, b: -1, c: x as T, d: <T>y });',
  'async.ts': 'const a = async ({ a }) => a; const b = async ({ a: 1 }); const c = (async) => ({ async });',
  'generics.ts': 'const a = <T,>({ a }: { a: T }) => a; const b = ({ a: f<T>(x) });',
  'missing-arrow.ts': 'const k = ({ a }) { return a; };',
  'bad-params.ts': 'const l = ({ a: b.c }) => 1; const m = ({ a: f(x) }) => 1; const u = ({ a: f(x): y }); const v = ({ a: f(x) => y });',
  'mismatched.ts': 'const w = ({ a: [ ) }); const x = ([ { ] }); const y = ({ a: 1 ]);',
  'unterminated.ts': "const z = ({ a: 'x\n, b: 1 });",
  'eof.ts': 'const z = ({ a: 1, b',
  'comments.ts': 'const a = (/* c */ { /** @dbIndex */ a: 1 } // d\n);',
  'jsx.tsx': 'const el = ({ a: <div>{x}</div> }); const f = ({ a }) => <b>{a}</b>;',
  'strings.ts': "const a = ({ a: ')', b: \"(\", c: '\\')', d: `)`, e: `a\nb` }); const b = ({ a: ')' }) => 1; const c = ({ a: `${')'}` });",
  'trivia.ts': 'const a = ({ a: 1 } // ) =>\n); const b = ({ a } /* ) */) => a; const c = ({ a: 1 }) /* x */ => 1; const d = ({ a: 1 }) // x\n;',
  'block-after.ts': 'x = ({ a: 1 })\n{ }\ny = ([a])\n{ }\nz = ({ a: 1 }) : 2',
  'unterminated-comment.ts': 'const a = ({ a: 1 /* never closed',
  'spread.ts': 'const a = ({ ...b }); const c = ([...d]); const e = ({ ...f }) => f; const g = ([1, 2].map(h));',
  'unicode.ts': 'const a = ({ \u00e4: 1 }); const b = ({ \\u0061: 1 }); const c = ({ a: "\u00e4)" });',
  'nested-parens.ts': 'const a = ({ a: f(g(1), [2, (3)]) }).a; const b = ((({ a: 1 }))); const c = ({ a: (1) }) ? 1 : 2;',
  'commonjs.js': "module.exports = { relationMappings: () => ({ a: { relation: Model.HasManyRelation, modelClass: require('./a') } }) };",
};

function fixtureFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return fixtureFiles(full);
    return /\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

describe('the parser patch', () => {
  it('is applied to the TypeScript ts-morph bundles (else re-check parser-patch.ts against the new version)', () => {
    expect(ts.createSourceFile).toBeTypeOf('function');
    expect(typeScriptParserPatched()).toBe(true);
  });

  it('yields the same syntax trees and syntax errors as the unpatched parser', () => {
    const unpatched = loadUnpatched();
    const inputs: [string, string][] = [
      ...Object.entries(SNIPPETS),
      ...fixtureFiles(path.join(__dirname, 'fixtures')).map((f): [string, string] => [f, fs.readFileSync(f, 'utf8')]),
    ];
    for (const [name, text] of inputs) expect(shape(ts, name, text), name).toEqual(shape(unpatched, name, text));
  }, 60_000);

  it('parses `() => ({…})` once: no nodes are made for a parameter list that is thrown away', () => {
    const unpatched = loadUnpatched();
    // nodeCount counts nodes made while speculating too (it is not rolled back).
    const nodes = (api: typeof TS) => (api.createSourceFile('m.ts', SNIPPETS['thunk.ts'], api.ScriptTarget.Latest) as TS.SourceFile & { nodeCount: number }).nodeCount;
    expect(nodes(ts)).toBeLessThan(nodes(unpatched));
  }, 60_000);
});
