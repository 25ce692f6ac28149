import type { Command, Option } from 'commander';
import { commandPath, leafCommands } from './applyConfig.js';
import { CONFIG_FILE } from './configFile.js';

/** Commands the starter spells out; the others can be added the same way. */
const STARTER_COMMANDS = ['train', 'search'];
/** Per-run switches that make no sense as lasting settings. */
const LEFT_OUT = new Set(['help', 'resume', 'json', 'out']);

function entry(option: Option, last: boolean): string[] {
  const name = option.attributeName();
  const value = option.defaultValue;
  const comment = `    // ${option.description}${option.argChoices ? ` (${option.argChoices.join(', ')})` : ''}`;
  const comma = last ? '' : ',';
  if (value === undefined || option.negate) {
    const example = option.negate ? 'false' : option.isBoolean() ? 'true' : '…';
    return [comment, `    // "${name}": ${example}${comma}`];
  }
  return [comment, `    "${name}": ${JSON.stringify(value)}${comma}`];
}

/**
 * A commented reparam.config.json generated from the CLI's own option definitions (so it lists
 * exactly the options that exist, with their defaults).
 */
export function starterConfig(program: Command): string {
  const lines = [
    `// ${CONFIG_FILE}: settings for the reparam command line, read from the working directory`,
    '// (or from --config FILE). A flag on the command line always wins over this file.',
    '// Each section is a command; its keys are the command’s flags in camelCase (--eval-epochs → evalEpochs).',
    '// Nested commands nest: "bench": { "search": { … } }. Errors name the field and what it allows.',
    '{',
    '  // Extra plugin modules (package names or paths), as --plugin.',
    '  "plugins": [],',
    '  // tfjs backend, as --backend: tensorflow, native, wasm or cpu (default: the best one available).',
    '  // "backend": "native",',
  ];
  const commands = leafCommands(program).filter((c) => STARTER_COMMANDS.includes(commandPath(c).join(' ')));
  commands.forEach((command, ci) => {
    const options = command.options.filter((o) => !LEFT_OUT.has(o.attributeName()));
    lines.push(`  // reparam ${commandPath(command).join(' ')}: ${command.description()}`);
    lines.push(`  "${command.name()}": {`);
    options.forEach((o, i) => lines.push(...entry(o, i === options.length - 1)));
    lines.push(`  }${ci === commands.length - 1 ? '' : ','}`);
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
