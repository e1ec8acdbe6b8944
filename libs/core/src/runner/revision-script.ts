/**
 * A revision's recorded statements as one script for the server (runner/batched-steps.ts), or why
 * they cannot be one. Pure: text in, text out.
 *
 * A script runs without the runner seeing any statement's result, so it may hold only statements
 * whose result a revision cannot have used: DDL and the like, and INSERTs without RETURNING (knex
 * answers those with a driver result, which the recording answers with undefined, so a revision
 * that looked at one threw while it was recorded). UPDATE and DELETE are left out: knex answers
 * them with a row count that a revision may compare without touching it, and the recording
 * cannot know the count. Transaction control is left out too: the script is the transaction.
 */

/** First words of statements that may go in a script. */
const SCRIPTABLE = /^(create|alter|drop|comment|grant|revoke|truncate|do|lock|refresh|reindex|cluster|security\s+label|set|reset|insert)\b/i;
const LEADING_COMMENTS = /^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/;
const RETURNING = /\breturning\b/i;

export type RevisionScript = { readonly sql: string } | { readonly reason: string };

/**
 * `statements` as recorded inside a transaction (BEGIN first and COMMIT last, when there), then the
 * step's record. Statements are separated by a semicolon on a line of its own, so a statement
 * that ends in a `--` comment cannot swallow it.
 */
export function revisionScript(statements: readonly string[], record: string): RevisionScript {
  const body = withoutOuterTransaction(statements);
  for (const statement of body) {
    const text = statement.replace(LEADING_COMMENTS, '');
    const shown = text.slice(0, 60).replace(/\s+/g, ' ');
    if (!SCRIPTABLE.test(text)) return { reason: `it runs a statement whose result it may use: ${shown}` };
    if (/^insert\b/i.test(text) && RETURNING.test(text)) return { reason: `it inserts with RETURNING: ${shown}` };
  }
  return { sql: [...body, record].join('\n;\n') };
}

function withoutOuterTransaction(statements: readonly string[]): readonly string[] {
  const first = statements[0]?.trim().toLowerCase();
  const last = statements.at(-1)?.trim().toLowerCase();
  return first === 'begin' && last === 'commit' ? statements.slice(1, -1) : statements;
}
