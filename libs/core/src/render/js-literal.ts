/**
 * JavaScript source for values taken from schemas. Names and comments come from user code and
 * databases, so they may hold quotes, backslashes, newlines, `${` or lone surrogates; the result
 * must be a literal that evaluates back to exactly the value and can never end early.
 */

/** A single-quoted string literal (no template literal, so `${` is inert). */
export function jsString(value: string): string {
  let out = "'";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    // Other controls, U+2028/2029 (line terminators) and lone surrogates, as \u escapes.
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code <= 0xdfff)) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}'`;
}

/** A number literal; knex gets non-finite numbers as strings, which the database may reject. */
export const jsNumber = (value: number) => (Number.isFinite(value) ? String(value) : jsString(String(value)));

/** Text safe inside a `//` comment: a line break would end the comment and start code. */
export const commentText = (text: string) => text.replace(/[\r\n\u2028\u2029]/g, ' ');
