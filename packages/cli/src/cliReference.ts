import type { Command, Option } from 'commander';
import { examplesOf } from './examples.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function optionRows(options: readonly Option[]): string[] {
  const shown = options.filter((o) => o.attributeName() !== 'help');
  if (shown.length === 0) return ['(no options)'];
  return [
    '| option | default | description |',
    '| --- | --- | --- |',
    ...shown.map((o) => {
      const def = o.defaultValue === undefined ? '' : `\`${JSON.stringify(o.defaultValue)}\``;
      const choices = o.argChoices ? ` (${o.argChoices.join(', ')})` : '';
      return `| \`${cell(o.flags)}\` | ${def} | ${cell(o.description)}${cell(choices)} |`;
    }),
  ];
}

function section(command: Command, path: string[]): string[] {
  const name = ['reparam', ...path].join(' ');
  const args = command.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`)).join(' ');
  const lines = [`## ${name}`, '', cell(command.description()), '', '```', `${name} ${command.commands.length > 0 ? '<command>' : '[options]'}${args ? ` ${args}` : ''}`, '```', ''];
  if (command.commands.length === 0) lines.push(...optionRows(command.options), '');
  else lines.push(`Subcommands: ${command.commands.map((c) => `\`${c.name()}\``).join(', ')}.`, '');
  const examples = examplesOf(command);
  if (examples.length > 0) lines.push('Examples:', '', '```sh', ...examples, '```', '');
  for (const sub of command.commands) lines.push(...section(sub, [...path, sub.name()]));
  return lines;
}

/**
 * The CLI reference (docs/cli.md) rendered from the program's own command and option definitions,
 * so the documentation cannot drift from what `reparam` accepts (a test compares the two).
 */
export function renderCliReference(program: Command): string {
  const lines = [
    '# CLI reference',
    '',
    '<!-- Generated from the CLI definitions by `pnpm docs:cli`; do not edit by hand. -->',
    '',
    cell(program.description()),
    '',
    'Options every command takes (before the command name):',
    '',
    ...optionRows(program.options),
    '',
    'Every option of a command can also be set in `reparam.config.json` under the command’s name, in camelCase (`reparam init` writes a starter).',
    '',
    'Exit codes: 0 success; 1 a runtime error (bad input, a run in use, a failed check: one line on stderr says what); ' +
      '2 a usage error (unknown command or option, a value an option refuses); 70 an internal error (a bug: please report it with `reparam env --json`). ' +
      'With `--json`, an error is also printed on stdout as `{"error": {"message", "code"}}`, code `usage`, `runtime` or `internal`.',
    '',
  ];
  for (const command of program.commands) lines.push(...section(command, [command.name()]));
  return `${lines.join('\n').trimEnd()}\n`;
}
