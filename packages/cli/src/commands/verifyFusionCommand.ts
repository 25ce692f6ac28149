import { narrowFusionGrid, requireOpApplies, verifyFusion } from '@reparam/core';
import type { Command } from 'commander';
import { collectPositiveInts, collectStrings, parseNonNegativeInt, parsePositiveInt } from '../options.js';
import { formatTable } from '../output/formatTable.js';
import { createRuntime, type GlobalOptions } from '../runtime.js';
import { withExamples } from '../examples.js';

interface VerifyFusionFlags {
  op?: string[];
  k?: number[];
  stride?: number[];
  groups?: number[];
  cin?: number;
  cout?: number;
  seed: number;
  json?: boolean;
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : String(v));

/** `reparam verify-fusion`: multi-branch vs fused, per op and for all ops together, over a grid of slots. */
export function addVerifyFusionCommand(program: Command, globals: () => GlobalOptions): void {
  withExamples(program.command('verify-fusion'), ['reparam verify-fusion', 'reparam verify-fusion --op conv_1x1_kxk --k 5', 'reparam --plugin ./my-op/dist/index.js verify-fusion --op my_op --json'])
    .description(
      'check that each Rep op (alone in sum and online, and all of them together in every aggregation mode) folds into ' +
        'one k×k conv with the same outputs, on random weights and BN statistics; exits 1 if any case fails',
    )
    .option('--op <id>', 'check only this op (repeatable); default: every registered op', collectStrings)
    .option('--k <n>', 'kernel size (repeatable); default 3 and 5', collectPositiveInts)
    .option('--stride <n>', 'stride (repeatable); default 1 and 2', collectPositiveInts)
    .option('--groups <n>', 'groups (repeatable); default 1 and 2', collectPositiveInts)
    .option('--cin <n>', 'input channels; default the pairs 4→8 and 6→6', parsePositiveInt)
    .option('--cout <n>', 'output channels; default the pairs 4→8 and 6→6', parsePositiveInt)
    .option('--seed <n>', 'seed of the random weights and inputs', parseNonNegativeInt, 0)
    .option('--json', 'print {"ok","backend","results":[…]} instead of a table')
    .action(async (flags: VerifyFusionFlags) => {
      const { registry, backend } = await createRuntime(globals());
      const grid = narrowFusionGrid({ ks: flags.k, strides: flags.stride, groups: flags.groups, cin: flags.cin, cout: flags.cout });
      const ops = flags.op ? flags.op.map((id) => registry.op(id)) : registry.ops();
      if (flags.op) for (const op of ops) requireOpApplies(op, grid);
      const report = verifyFusion(ops, { grid, seed: flags.seed, combinations: registry.list('aggregation') });
      if (flags.json) {
        console.log(JSON.stringify({ ok: report.ok, backend, results: report.results, skipped: report.skipped }, null, 2));
      } else {
        const rows = report.results.map((r) => [
          r.op,
          r.aggregation,
          r.k,
          r.stride,
          r.groups,
          r.cin,
          r.cout,
          fmt(r.maxAbsError),
          fmt(r.tolerance),
          r.ok ? 'ok' : `FAIL${r.problem ? ` (${r.problem})` : ''}`,
        ]);
        console.log(`backend: ${backend}`);
        console.log(formatTable(['op', 'aggregation', 'k', 'stride', 'groups', 'cin', 'cout', 'max|Δ|', 'tolerance', 'result'], rows));
        const failed = report.results.filter((r) => !r.ok).length;
        const worst = Math.max(0, ...report.results.map((r) => r.maxAbsError));
        console.log(
          failed === 0
            ? `all ${report.results.length} cases ok; largest max|Δ| ${fmt(worst)}`
            : `${failed} of ${report.results.length} cases FAILED`,
        );
        for (const s of report.skipped) console.log(`not checked: op '${s.op}' under ${s.aggregation}: ${s.reason}`);
      }
      if (!report.ok) process.exitCode = 1;
    });
}
