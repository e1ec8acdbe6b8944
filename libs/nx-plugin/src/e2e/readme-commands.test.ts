import { describe, expect, it } from 'vitest';
import { extractReadmeCommands, stripComment } from './readme-commands';

const md = (...lines: string[]) => lines.join('\n');

describe('extractReadmeCommands', () => {
  it('takes bash, sh, shell and console blocks, with the line each command starts on', () => {
    const readme = md(
      '# title',
      '```bash',
      'npm install',
      '```',
      '```sh',
      'nx sync',
      '```',
      '```shell',
      'nx sync:check',
      '```',
      '```console',
      '$ nx graph',
      '```',
    );
    expect(extractReadmeCommands(readme)).toEqual([
      { command: 'npm install', line: 3 },
      { command: 'nx sync', line: 6 },
      { command: 'nx sync:check', line: 9 },
      { command: 'nx graph', line: 12 },
    ]);
  });

  it('ignores blocks in other languages and blocks without an info string', () => {
    const readme = md('```ts', "import { x } from 'y';", '```', '```', '> nx run api:migrate-up', '```', '```yaml', '- run: npm ci', '```', '```Bash', 'echo kept', '```');
    expect(extractReadmeCommands(readme)).toEqual([{ command: 'echo kept', line: 11 }]);
  });

  it('drops blank lines, comment lines and trailing comments', () => {
    const readme = md('```bash', '# set up', '', 'npm install && npx nx run api:migrate-up     # install, then upgrade', '   ', 'npm test', '```');
    expect(extractReadmeCommands(readme)).toEqual([
      { command: 'npm install && npx nx run api:migrate-up', line: 4 },
      { command: 'npm test', line: 6 },
    ]);
  });

  it('joins backslash continuations into one command that starts on its first line', () => {
    const readme = md('```bash', 'npx nx affected \\', '  -t migrate-check \\', '  --base=main   # the base', 'echo next', '```');
    expect(extractReadmeCommands(readme)).toEqual([
      { command: 'npx nx affected -t migrate-check --base=main', line: 2 },
      { command: 'echo next', line: 5 },
    ]);
  });

  it('strips a leading `$ ` prompt, and in a block with prompts treats unprompted lines as output', () => {
    expect(extractReadmeCommands(md('```bash', '$ npm test', '```'))).toEqual([{ command: 'npm test', line: 2 }]);
    const session = md('```console', '$ npx nx run api:migrate-up', 'Applied 4 revisions; now at ddb4c7684804.', '$ npx nx run api:migrate-status \\', '    --check', 'pending: none', '```');
    expect(extractReadmeCommands(session)).toEqual([
      { command: 'npx nx run api:migrate-up', line: 2 },
      { command: 'npx nx run api:migrate-status --check', line: 4 },
    ]);
  });

  it('keeps fences of other lengths and characters apart', () => {
    const readme = md('````markdown', '```bash', 'not a command', '```', '````', '~~~sh', 'echo tilde', '~~~');
    expect(extractReadmeCommands(readme)).toEqual([{ command: 'echo tilde', line: 7 }]);
  });

  it('finds nothing in a file without shell blocks', () => {
    expect(extractReadmeCommands('just prose, `npm install` inline\n')).toEqual([]);
  });
});

describe('stripComment', () => {
  it('keeps a # inside quotes or inside a word', () => {
    expect(stripComment('git commit -m "fix #12" # trailing')).toBe('git commit -m "fix #12"');
    expect(stripComment("echo 'a # b'")).toBe("echo 'a # b'");
    expect(stripComment('echo a#b ${#x}')).toBe('echo a#b ${#x}');
    expect(stripComment('echo \\# not a comment')).toBe('echo \\# not a comment');
  });

  it('removes a comment that fills the line', () => {
    expect(stripComment('# without Nx: npx mig adopt')).toBe('');
  });
});
