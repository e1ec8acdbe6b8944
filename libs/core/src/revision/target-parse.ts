import { TargetError } from '../errors';

/**
 * Target syntax, parsed without looking at any graph: `head`, `heads`, `base`, an id or prefix,
 * `+N`, `-N`, `<rev>±N`, `<label>@head|base|±N|<rev>`. Resolution happens in target-resolve.ts.
 */
export type Target =
  /** `head`, or `<label>@head`: the one head (of the branch). */
  | { readonly kind: 'head'; readonly label?: string }
  /** `heads`: every head. */
  | { readonly kind: 'heads' }
  /** `base`, or `<label>@base`: nothing applied (on that branch). */
  | { readonly kind: 'base'; readonly label?: string }
  /** A full id, unique prefix or bare branch label; `<label>@<ref>` looks only inside the branch. */
  | { readonly kind: 'revision'; readonly ref: string; readonly label?: string }
  /** `+N` / `-N` / `<label>@±N`: steps counted from the current database heads. */
  | { readonly kind: 'relative'; readonly steps: number; readonly label?: string }
  /** `<rev>±N`, `head±N`: steps counted from a fixed revision, whatever the database holds. */
  | { readonly kind: 'offset'; readonly from: OffsetAnchor; readonly steps: number; readonly label?: string };

export type OffsetAnchor = { readonly kind: 'head' } | { readonly kind: 'revision'; readonly ref: string };

/** One side of an `a:b` range; `current` means the database's current heads. */
export type RangeSide = Target | { readonly kind: 'current' };

export interface RevisionRange {
  readonly lower: RangeSide;
  readonly upper: RangeSide;
}

/** Ids and labels are restricted to word characters so every target text has one reading. */
export const NAME_PATTERN = /^[A-Za-z0-9_]+$/;
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['head', 'heads', 'base', 'current']);

const TARGET_HINT =
  'use `head`, `heads`, `base`, a revision id or prefix, `+N`, `-N`, `<rev>+N`, `<rev>-N`, ' +
  '`<label>@head`, `<label>@base`, `<label>@+N` or `<label>@<rev>` (N a positive integer)';

export function parseTarget(text: string): Target {
  const side = parseSide(text, 'target');
  if (side.kind === 'current') {
    throw badTarget(text, '`current` only names one side of a history range', 'write `current:` or `:current`');
  }
  return side;
}

/** `lower:upper`; an empty side means `base` (lower) or `heads` (upper). */
export function parseRange(text: string): RevisionRange {
  const parts = text.trim().split(':');
  if (parts.length !== 2) {
    throw badTarget(text, 'a range has exactly one `:`', 'write `<lower>:<upper>`, e.g. `base:head` or `current:`');
  }
  const [lowerText, upperText] = parts as [string, string];
  return {
    lower: lowerText.trim() === '' ? { kind: 'base' } : parseSide(lowerText, 'range'),
    upper: upperText.trim() === '' ? { kind: 'heads' } : parseSide(upperText, 'range'),
  };
}

function parseSide(text: string, context: 'target' | 'range'): RangeSide {
  const trimmed = text.trim();
  if (trimmed === '') throw badTarget(text, 'the target is empty');
  if (trimmed.includes(':')) {
    const hint = context === 'target' ? 'ranges `a:b` are only accepted by history and offline SQL' : undefined;
    throw badTarget(text, 'a range is not a single target', hint);
  }
  const at = trimmed.indexOf('@');
  if (at === -1) return parseBody(trimmed, text, undefined);
  const label = trimmed.slice(0, at);
  const body = trimmed.slice(at + 1);
  if (!NAME_PATTERN.test(label)) throw badTarget(text, `\`${label}\` is not a branch label`);
  if (body === '' || body.includes('@')) throw badTarget(text, 'expected one of `head`, `base`, `+N`, `-N` or a revision after `@`');
  const parsed = parseBody(body, text, label);
  if (parsed.kind === 'heads' || parsed.kind === 'current') {
    throw badTarget(text, `\`${body}\` cannot follow a branch label`, `write \`${label}@head\``);
  }
  return parsed;
}

function parseBody(body: string, text: string, label: string | undefined): RangeSide {
  if (body === 'head') return withLabel({ kind: 'head' }, label);
  if (body === 'base') return withLabel({ kind: 'base' }, label);
  if (body === 'heads') return { kind: 'heads' };
  if (body === 'current') return { kind: 'current' };
  const relative = /^([+-])(.*)$/.exec(body);
  if (relative) {
    const steps = parseSteps(relative[1] as string, relative[2] as string, text);
    return withLabel({ kind: 'relative', steps }, label);
  }
  const offset = /^([A-Za-z0-9_]+)([+-])(.*)$/.exec(body);
  if (offset) {
    const anchorText = offset[1] as string;
    const steps = parseSteps(offset[2] as string, offset[3] as string, text);
    if (anchorText === 'heads' || anchorText === 'base' || anchorText === 'current') {
      throw badTarget(text, `\`${anchorText}\` cannot be counted from`, 'count from `head` or a revision id, e.g. `head-1`');
    }
    const from: OffsetAnchor = anchorText === 'head' ? { kind: 'head' } : { kind: 'revision', ref: anchorText };
    return withLabel({ kind: 'offset', from, steps }, label);
  }
  if (!NAME_PATTERN.test(body)) throw badTarget(text, `\`${body}\` is not a revision id, prefix or keyword`);
  return withLabel({ kind: 'revision', ref: body }, label);
}

/** Only positive integers: `+0` is almost always a typo, and `1.5` steps mean nothing. */
function parseSteps(sign: string, digits: string, text: string): number {
  const count = /^\d+$/.test(digits) ? Number(digits) : Number.NaN;
  if (!Number.isSafeInteger(count) || count <= 0) {
    throw badTarget(text, `\`${sign}${digits}\` is not a positive whole number of steps`);
  }
  return sign === '+' ? count : -count;
}

function withLabel<T extends Target>(target: T, label: string | undefined): T {
  return label === undefined ? target : { ...target, label };
}

function badTarget(text: string, why: string, hint: string = TARGET_HINT): TargetError {
  return new TargetError('MIG_BAD_TARGET', `Bad revision target \`${text}\`: ${why}.`, { hint });
}

/** Renders a parsed target back to its canonical text, for messages. */
export function formatTarget(target: RangeSide): string {
  const prefix = 'label' in target && target.label !== undefined ? `${target.label}@` : '';
  switch (target.kind) {
    case 'head':
    case 'base':
      return `${prefix}${target.kind}`;
    case 'heads':
    case 'current':
      return target.kind;
    case 'revision':
      return `${prefix}${target.ref}`;
    case 'relative':
      return `${prefix}${signed(target.steps)}`;
    case 'offset':
      return `${prefix}${target.from.kind === 'head' ? 'head' : target.from.ref}${signed(target.steps)}`;
  }
}

function signed(steps: number): string {
  return steps > 0 ? `+${steps}` : `${steps}`;
}
