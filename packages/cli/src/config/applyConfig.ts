import { ReparamError } from '@reparam/core';
import { type Command, InvalidArgumentError, type Option } from 'commander';
import type { ReparamConfig } from './configFile.js';

/** `bench search` → ['bench', 'search']. */
export function commandPath(command: Command): string[] {
  const path: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) path.unshift(c.name());
  return path;
}

/** Commands that run something (no subcommands), each with its path. */
export function leafCommands(program: Command): Command[] {
  return program.commands.flatMap((c) => (c.commands.length > 0 ? leafCommands(c) : [c]));
}

/** Options a config section may set: everything but help. */
function settable(command: Command): Option[] {
  return command.options.filter((o) => o.attributeName() !== 'help');
}

/** Turns a config value into what commander would hold after parsing the same flag; throws naming `field`. */
function optionValue(option: Option, value: unknown, field: string): unknown {
  const fail = (why: string): never => {
    throw new ReparamError(`${field}: ${why}`);
  };
  if (option.negate || option.isBoolean()) {
    if (typeof value !== 'boolean') fail(`must be true or false, got ${JSON.stringify(value)}`);
    // `--no-augment` stores augment=false; "augment": true in the file means the same thing the default does.
    return value;
  }
  const values = Array.isArray(value) ? value : [value];
  if (Array.isArray(value) && !option.variadic && option.parseArg?.length !== 2) fail(`takes one value, not a list`);
  let result: unknown;
  for (const v of values) {
    if (typeof v !== 'string' && typeof v !== 'number') fail(`must be a string or a number, got ${JSON.stringify(v)}`);
    const text = String(v);
    if (option.argChoices && !option.argChoices.includes(text)) fail(`must be one of ${option.argChoices.join(', ')}, got '${text}'`);
    try {
      result = option.parseArg ? option.parseArg(text, result as never) : text;
    } catch (err) {
      if (err instanceof InvalidArgumentError) fail(err.message.replace(/^error: /, ''));
      throw err;
    }
  }
  return result;
}

/** Checks every command section of `config` against the CLI's own option definitions. */
function validateSections(program: Command, config: ReparamConfig): Map<string, Record<string, unknown>> {
  const byPath = new Map(leafCommands(program).map((c) => [commandPath(c).join(' '), c]));
  const found = new Map<string, Record<string, unknown>>();
  const visit = (section: Record<string, unknown>, path: string[]) => {
    const key = path.join(' ');
    const command = byPath.get(key);
    if (command) {
      found.set(key, section);
      const options = settable(command);
      for (const [name, value] of Object.entries(section)) {
        const field = `${config.path}: ${path.join('.')}.${name}`;
        const option = options.find((o) => o.attributeName() === name);
        if (!option) throw new ReparamError(`${field} is not an option of 'reparam ${key}' (allowed: ${options.map((o) => o.attributeName()).join(', ')})`);
        optionValue(option, value, field);
      }
      return;
    }
    const children = [...byPath.keys()].filter((p) => p.startsWith(`${key} `)).map((p) => p.split(' ')[path.length]);
    if (children.length === 0) {
      const tops = [...new Set([...byPath.keys()].map((p) => p.split(' ')[0]))];
      throw new ReparamError(`${config.path}: '${path.join('.')}' is not a command (sections: plugins, backend, ${tops.join(', ')})`);
    }
    for (const [name, sub] of Object.entries(section)) {
      if (!children.includes(name)) throw new ReparamError(`${config.path}: '${[...path, name].join('.')}' is not a command (under ${path.join('.')}: ${[...new Set(children)].join(', ')})`);
      if (sub === null || typeof sub !== 'object' || Array.isArray(sub)) throw new ReparamError(`${config.path}: ${[...path, name].join('.')} must be an object of option → value`);
      visit(sub as Record<string, unknown>, [...path, name]);
    }
  };
  for (const [name, section] of Object.entries(config.sections)) visit(section, [name]);
  return found;
}

/**
 * Applies `config` to the command about to run: global settings to `program`, the command's section
 * to `action`. A flag given on the command line always wins over the file. Every section is checked
 * first, so a typo anywhere in the file is reported whichever command runs.
 */
export function applyConfig(program: Command, action: Command, config: ReparamConfig): void {
  const sections = validateSections(program, config);
  if (config.plugins && program.getOptionValueSource('plugin') !== 'cli') program.setOptionValueWithSource('plugin', config.plugins, 'config');
  if (config.backend && program.getOptionValueSource('backend') !== 'cli') program.setOptionValueWithSource('backend', config.backend, 'config');
  const key = commandPath(action).join(' ');
  const section = sections.get(key);
  if (!section) return;
  for (const [name, value] of Object.entries(section)) {
    if (action.getOptionValueSource(name) === 'cli') continue;
    const option = settable(action).find((o) => o.attributeName() === name)!;
    action.setOptionValueWithSource(name, optionValue(option, value, `${config.path}: ${commandPath(action).join('.')}.${name}`), 'config');
  }
}
