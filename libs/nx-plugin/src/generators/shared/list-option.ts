/** `--branch-label=a,b`, repeated flags and arrays all become one list of trimmed names. */
export function listOption(value: string | readonly string[] | undefined): string[] {
  const items = value === undefined ? [] : typeof value === 'string' ? [value] : value;
  return items
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}
