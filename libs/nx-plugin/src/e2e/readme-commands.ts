/**
 * The shell commands a Markdown file tells its reader to type: every fenced block whose info
 * string is bash, sh, shell or console, split into commands. Pure: text in, commands out.
 */

export interface ReadmeCommand {
  /** The command as a shell would read it: continuations joined, comments and a `$ ` prompt removed. */
  readonly command: string;
  /** 1-based line of the Markdown file where the command starts. */
  readonly line: number;
}

const SHELL_INFO = new Set(['bash', 'sh', 'shell', 'console']);
const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/;

interface Block {
  readonly info: string;
  /** Lines of the block's body with their 1-based line numbers in the file. */
  readonly lines: readonly { readonly text: string; readonly line: number }[];
}

function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] as string);
    if (!open) continue;
    const fence = open[1] as string;
    const body: { text: string; line: number }[] = [];
    let j = i + 1;
    // A closing fence: the same character, at least as long, nothing after it.
    const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    for (; j < lines.length && !close.test(lines[j] as string); j++) body.push({ text: lines[j] as string, line: j + 1 });
    blocks.push({ info: (open[2] as string).toLowerCase(), lines: body });
    i = j;
  }
  return blocks;
}

/** The line without a shell comment: a `#` that starts a word outside quotes, and what follows it. */
export function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) return text.slice(0, i).trimEnd();
  }
  return text.trimEnd();
}

/**
 * In a block that shows prompts (`$ cmd`), only prompted lines and their continuations are
 * commands and the rest is output; in a block without prompts every line is a command.
 */
function blockCommands(block: Block): ReadmeCommand[] {
  const prompted = block.lines.some(({ text }) => /^\s*\$ /.test(text));
  const commands: ReadmeCommand[] = [];
  let pending: { parts: string[]; line: number } | null = null;
  for (const { text, line } of block.lines) {
    let code = text.trim();
    if (!pending) {
      if (prompted && !code.startsWith('$ ')) continue;
      if (code.startsWith('$ ')) code = code.slice(2).trim();
    }
    code = stripComment(code).trim();
    const continues = code.endsWith('\\') && !code.endsWith('\\\\');
    if (continues) code = code.slice(0, -1).trim();
    if (code) (pending ??= { parts: [], line }).parts.push(code);
    if (!continues && pending) {
      commands.push({ command: pending.parts.join(' '), line: pending.line });
      pending = null;
    }
  }
  if (pending) commands.push({ command: pending.parts.join(' '), line: pending.line });
  return commands;
}

/** Every command of the shell blocks of `markdown`, in the order a reader meets them. */
export function extractReadmeCommands(markdown: string): ReadmeCommand[] {
  return fencedBlocks(markdown)
    .filter((block) => SHELL_INFO.has(block.info))
    .flatMap(blockCommands);
}
