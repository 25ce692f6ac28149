import type { Command } from 'commander';

/**
 * `reparam bench …`: benchmarks. The command itself is empty here; the project's benchmarks and
 * experiments (train and inference speed, aggregation modes, search strategies, proxy fidelity, the
 * searched-against-hand-designed comparison) are added by `@reparam/experiments` in a clone of the
 * repository (`pnpm bench:*` run them).
 */
export function addBenchCommand(program: Command): void {
  program.command('bench').description('benchmarks and experiments that print a table and write JSON (in a clone of the repository; see docs/benchmarks.md)');
}
