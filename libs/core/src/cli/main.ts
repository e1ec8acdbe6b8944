/**
 * `mig <verb>`: the same commands as the Nx targets, for use without Nx (or in scripts).
 * Parsing is strict: an unknown flag is an error, not a silent no-op.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../errors';
import { formatError, formatEvent } from '../report/format';
import type { CommandContext } from '../commands/context';
import { locateProject } from './locate-project';
import { VERBS, type VerbName } from './verbs';

const COMMON: NonNullable<ParseArgsConfig['options']> = {
  config: { type: 'string' },
  'project-root': { type: 'string' },
  project: { type: 'string' },
  url: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const USAGE = `usage: mig <verb> [options]

verbs:
${Object.entries(VERBS)
  .map(([name, verb]) => `  ${name.padEnd(10)} ${verb.summary}`)
  .join('\n')}

common options: --project-root <dir> | --config <file>, --url <database url>, --json, --verbose`;

export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    const [verbName, ...rest] = argv;
    if (!verbName || verbName === '--help' || verbName === '-h') {
      console.log(USAGE);
      return verbName ? 0 : 1;
    }
    if (!(verbName in VERBS)) {
      throw new ConfigError('MIG_BAD_OPTION', `Unknown verb "${verbName}".`, { hint: `Run mig --help. Verbs: ${Object.keys(VERBS).join(', ')}.` });
    }
    const verb = VERBS[verbName as VerbName];
    const values = parseVerbArgs(verbName, rest, verb.options);
    if (values.help) {
      console.log(`mig ${verbName}: ${verb.summary}\n${verb.usage}`);
      return 0;
    }
    const located = locateProject(cwd, {
      config: values.config as string | undefined,
      projectRoot: values['project-root'] as string | undefined,
      project: values.project as string | undefined,
    });
    const json = Boolean(values.json);
    const context: CommandContext = {
      ...located,
      env: process.env,
      // With --json, stdout holds only the result; warnings still reach stderr.
      onEvent: (event) => {
        const line = formatEvent(event);
        if (!line) return;
        if (event.kind === 'warning') console.error(line);
        else if (!json && ((event.kind !== 'connected' && event.kind !== 'debug') || values.verbose)) console.log(line);
      },
    };
    const outcome = await verb.run(context, values);
    const text = json ? JSON.stringify(outcome.result, null, 2) : outcome.text;
    if (text) console.log(text);
    return outcome.exitCode ?? 0;
  } catch (error) {
    console.error(formatError(error, verbose));
    return 1;
  }
}

function parseVerbArgs(verb: string, args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options: { ...COMMON, ...options }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // node:util spreads some messages over lines; the first says what is wrong.
    const [what] = (error as Error).message.split('\n');
    const dashed = /^Option '(--[\w-]+)' argument is ambiguous/.exec(what);
    const hint = dashed ? `A value that starts with a dash needs \`=\`: write ${dashed[1]}=<value>, e.g. --to=-1.` : `Run mig ${verb} --help.`;
    throw new ConfigError('MIG_BAD_OPTION', `mig ${verb}: ${what}`, { hint });
  }
}
