import { parseArgs } from 'node:util';

/**
 * The shape of a `wirepress` command: one description from which both the parsing of its
 * arguments and its --help are made, so the two cannot disagree.
 */

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Standard error is a terminal: progress is redrawn in place there. */
  errIsTty?: boolean;
}

/** A command line that cannot be run as written; the message says what is wrong with it. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit status for a command line that cannot be run as written (BSD sysexits EX_USAGE). */
export const EXIT_USAGE = 64;

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** What the value stands for in the help: `--limit <N>`. */
  value?: string;
  default?: string;
  /** Shown in the command's synopsis; the command itself checks that it was given. */
  required?: boolean;
  description: string;
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface CommandSpec {
  /** The words that name it: 'comments list', 'backup'. */
  name: string;
  /** Its positional arguments as the help shows them: '<file>'; none when absent. */
  args?: string;
  /** One line, for the list of commands. */
  summary: string;
  /** More about it, for its --help. */
  details?: string;
  options: Record<string, OptionSpec>;
  /** It works on the site's database (DATABASE_URL); migrate-db names its two instead. */
  siteDatabase?: boolean;
  run(input: { values: OptionValues; positionals: string[]; env: Record<string, string | undefined>; io: Output }): Promise<number>;
}

/** Every command answers these, which are not listed with each command's own. */
const HELP_OPTION = { help: { type: 'boolean' as const, short: 'h' } };

const NOTE = 'The database is the one the site uses: DATABASE_URL, default file:./data/site.db.\n';

function optionLabel(name: string, option: OptionSpec): string {
  return option.type === 'string' ? `--${name} <${option.value ?? 'value'}>` : `--${name}`;
}

/** 'backup <file>', 'migrate-db --from <DATABASE_URL> --to <DATABASE_URL>'. */
function callForm(command: CommandSpec): string {
  const required = Object.entries(command.options)
    .filter(([, option]) => option.required)
    .map(([name, option]) => ` ${optionLabel(name, option)}`)
    .join('');
  return `${command.name}${command.args ? ` ${command.args}` : ''}${required}`;
}

function synopsis(command: CommandSpec): string {
  const optional = Object.values(command.options).some((option) => !option.required) ? ' [options]' : '';
  return `wirepress ${callForm(command)}${optional}`;
}

function table(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}\n`).join('');
}

export function commandHelp(command: CommandSpec): string {
  const options: Array<[string, string]> = Object.entries(command.options).map(([name, option]) => [
    optionLabel(name, option),
    `${option.description}${option.default === undefined ? '' : ` (default: ${option.default})`}`,
  ]);
  options.push(['-h, --help', 'show this help']);
  return (
    `Usage: ${synopsis(command)}\n\n${command.summary}\n${command.details ? `${command.details}\n` : ''}\nOptions:\n${table(options)}` +
    (command.siteDatabase === false ? '' : `\n${NOTE}`)
  );
}

/** The list of commands (all of them, or one group's: 'comments'). */
export function commandList(commands: readonly CommandSpec[], group?: string): string {
  const shown = group === undefined ? commands : commands.filter((c) => c.name.split(' ')[0] === group);
  const list = shown.map((c) => `  ${callForm(c)}\n      ${c.summary}\n`).join('');
  return (
    `Usage: wirepress ${group ?? '<command>'}${group === undefined ? '' : ' <command>'} [options]\n\nCommands:\n${list}\n` +
    `Run 'wirepress <command> --help' for a command's options.\n${NOTE}`
  );
}

/** The first sentence of parseArgs's message ("Unknown option '--x'"), without its advice about '--'. */
function parseMessage(error: TypeError): string {
  return error.message.split(/\.\s/)[0]!.replace(/\.$/, '');
}

export function isParseArgsError(error: unknown): error is TypeError {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

/** Where to look after a mistake. */
export function helpPointer(command: CommandSpec | undefined): string {
  return command ? `Run 'wirepress ${command.name} --help' for its usage.\n` : "Run 'wirepress --help' for the list of commands.\n";
}

/**
 * Parses `args` by the command's options and runs it. --help or -h prints its help; an option it
 * does not have is refused with the option's name and a pointer to --help.
 */
export async function runCommand(command: CommandSpec, args: string[], env: Record<string, string | undefined>, io: Output): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        ...Object.fromEntries(
          Object.entries(command.options).map(([name, o]) => [name, { type: o.type, ...(o.default === undefined ? {} : { default: o.default }) }]),
        ),
        ...HELP_OPTION,
      },
      allowPositionals: command.args !== undefined,
      strict: true,
    });
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    io.err(`wirepress ${command.name}: ${parseMessage(error)}.\n${helpPointer(command)}`);
    return EXIT_USAGE;
  }
  if (parsed.values.help) {
    io.out(commandHelp(command));
    return 0;
  }
  try {
    return await command.run({ values: parsed.values, positionals: parsed.positionals, env, io });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n${helpPointer(command)}`);
    return EXIT_USAGE;
  }
}
