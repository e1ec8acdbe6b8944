/**
 * One change to TypeScript's parser, made to the text of typescript.js before it is compiled.
 *
 * When an expression starts with `({` or `([`, TypeScript cannot tell an arrow function's
 * destructured parameter list from a parenthesized literal, so it parses the whole thing as
 * a parameter list first and, when that fails, parses it again as an expression. Every
 * `relationMappings = () => ({ … })` was parsed twice: a fifth of the time spent parsing the
 * models. The patch first scans the characters up to the closing parenthesis. A parameter list
 * must be followed by `=>` (or by `:` for a return type, or by `{` in TypeScript's recovery
 * from a missing `=>`), so a literal whose closing parenthesis, and every inner one, is
 * followed by anything else is no parameter list, and TypeScript skips the attempt, which
 * would fail. Only plain text is scanned: names, numbers, strings, templates without `${`,
 * comments, `,` `:` `.` and properly nested brackets. On anything else (`=>`, `=`, an
 * operator, a regular expression, `...`, a non-ASCII character) TypeScript tries both ways,
 * as before, and so it does if the helper throws.
 *
 * The patch changes neither the syntax tree nor the syntax errors (parser-patch.test.ts
 * compares both with the unpatched parser). Where typescript.js does not contain the text it
 * patches (another TypeScript version), nothing is patched.
 */
import { createHash } from 'node:crypto';

/** In `isParenthesizedArrowFunctionExpressionWorker`, after `(` then `{` or `[`. */
const DECISION = Buffer.from('if (second === 23 /* OpenBracketToken */ || second === 19 /* OpenBraceToken */) {\n        return 2 /* Unknown */;\n      }', 'latin1');
const DECISION_PATCHED = Buffer.from('if (second === 23 /* OpenBracketToken */ || second === 19 /* OpenBraceToken */) {\n        return migParenthesizedLiteralLookahead(second);\n      }', 'latin1');

/** Where the helper goes: beside the function that calls it, inside the parser's closure (it reads `sourceText` and `scanner2`). */
const HELPER_BEFORE = Buffer.from('  function isParenthesizedArrowFunctionExpressionWorker() {\n', 'latin1');
const HELPER = Buffer.from(
  `  function migParenthesizedLiteralLookahead(second) {
    try {
      return migScanParenthesizedLiteral(sourceText, scanner2.getTokenEnd(), second === SyntaxKind.OpenBraceToken ? 125 : 93);
    } catch {
      return 2 /* Unknown */;
    }
  }
  function migScanParenthesizedLiteral(text, pos, closer) {
    const closers = [41, closer];
    const end = text.length;
    const skipTrivia = (at) => {
      for (;;) {
        const ch = text.charCodeAt(at);
        if (ch === 32 || (ch >= 9 && ch <= 13)) at++;
        else if (ch === 47 && text.charCodeAt(at + 1) === 47) { while (at < end && text.charCodeAt(at) !== 10 && text.charCodeAt(at) !== 13) at++; }
        else if (ch === 47 && text.charCodeAt(at + 1) === 42) { const close = text.indexOf("*/", at + 2); if (close < 0) return -1; at = close + 2; }
        else return at;
      }
    };
    while (pos < end) {
      const ch = text.charCodeAt(pos);
      if (ch === 32 || (ch >= 9 && ch <= 13) || ch === 47) { pos = skipTrivia(pos); if (pos < 0 || text.charCodeAt(pos) === 47) return 2; continue; }
      if ((ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || (ch >= 48 && ch <= 57) || ch === 95 || ch === 36 || ch === 44 || ch === 58) { pos++; continue; }
      if (ch === 46) { if (text.charCodeAt(pos + 1) === 46) return 2; pos++; continue; }
      if (ch === 39 || ch === 34 || ch === 96) {
        for (pos++; ; pos++) {
          if (pos >= end) return 2;
          const c = text.charCodeAt(pos);
          if (c === ch) break;
          if (c === 92) pos++;
          else if (ch === 96 ? c === 36 && text.charCodeAt(pos + 1) === 123 : c === 10 || c === 13) return 2;
        }
        pos++;
        continue;
      }
      if (ch === 40) closers.push(41);
      else if (ch === 123) closers.push(125);
      else if (ch === 91) closers.push(93);
      else if (ch === 125 || ch === 93) { if (closers.pop() !== ch) return 2; }
      else if (ch === 41) {
        if (closers.pop() !== ch) return 2;
        pos = skipTrivia(pos + 1);
        if (pos < 0) return 2;
        const next = text.charCodeAt(pos);
        if ((next === 61 && text.charCodeAt(pos + 1) === 62) || next === 58 || next === 123) return 2;
        if (closers.length === 0) return 0 /* False */;
        continue;
      } else return 2;
      pos++;
    }
    return 2;
  }
`,
  'latin1',
);

/** Names the helper uses from the parser's closure: without them, no patch. */
const PARSER_NAMES = [Buffer.from('  var scanner2 = createScanner(', 'latin1'), Buffer.from('  var sourceText;\n', 'latin1')];

/** Part of the code cache's identity: a cache compiled from other code is never used. */
export const PARSER_PATCH_ID = createHash('sha256').update(DECISION_PATCHED).update(HELPER).digest('hex').slice(0, 16);

/** Bytes the patch may add: the room to leave after the file's bytes. */
export const PARSER_PATCH_ROOM = HELPER.length + DECISION_PATCHED.length - DECISION.length;

/** The decision sits in the helper's neighbour, a few hundred bytes after its first line. */
const DECISION_WITHIN = 4096;

/**
 * Patches typescript.js held in `bytes[start, end)`, in place; `bytes` must have
 * PARSER_PATCH_ROOM spare bytes after `end`. Returns the new end, or undefined (bytes
 * untouched) when the text to patch is not there.
 */
export function patchParser(bytes: Buffer, start: number, end: number): number | undefined {
  const helperAt = bytes.indexOf(HELPER_BEFORE, start);
  if (helperAt < 0 || helperAt + HELPER_BEFORE.length > end) return undefined;
  if (PARSER_NAMES.some((name) => !bytes.subarray(start, helperAt).includes(name))) return undefined;
  const near = bytes.subarray(helperAt, Math.min(end, helperAt + DECISION_WITHIN)).indexOf(DECISION);
  if (near < 0) return undefined;
  const decisionAt = helperAt + near;
  // The later edit first, so the earlier one's offset still holds.
  const afterDecision = decisionAt + DECISION.length;
  const grow = DECISION_PATCHED.length - DECISION.length;
  bytes.copy(bytes, afterDecision + grow, afterDecision, end);
  DECISION_PATCHED.copy(bytes, decisionAt);
  bytes.copy(bytes, helperAt + HELPER.length, helperAt, end + grow);
  HELPER.copy(bytes, helperAt);
  return end + grow + HELPER.length;
}
