import {
  DEFAULT_FUSION_GRID,
  type FusionGrid,
  ReparamError,
  type RepOp,
  type SlotSpec,
  validateSlotSpec,
  verifyFusion,
} from '@reparam/core';
import type { Command } from 'commander';
import { collectPositiveInts, collectStrings, parseNonNegativeInt, parsePositiveInt } from '../options.js';
import { formatTable } from '../output/formatTable.js';
import { createRuntime, type GlobalOptions } from '../runtime.js';

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

/** The default grid narrowed by the flags; every requested shape must be a valid slot. */
function gridFrom(flags: VerifyFusionFlags): FusionGrid {
  const channels: FusionGrid['channels'] =
    flags.cin !== undefined || flags.cout !== undefined
      ? [[flags.cin ?? flags.cout!, flags.cout ?? flags.cin!]]
      : DEFAULT_FUSION_GRID.channels;
  const grid: FusionGrid = {
    ...DEFAULT_FUSION_GRID,
    ks: flags.k ?? DEFAULT_FUSION_GRID.ks,
    strides: flags.stride ?? DEFAULT_FUSION_GRID.strides,
    groups: flags.groups ?? DEFAULT_FUSION_GRID.groups,
    channels,
  };
  for (const spec of shapes(grid)) validateSlotSpec(spec);
  return grid;
}

function* shapes(grid: FusionGrid): Generator<SlotSpec> {
  for (const k of grid.ks)
    for (const stride of grid.strides)
      for (const groups of grid.groups) for (const [cin, cout] of grid.channels) yield { cin, cout, k, stride, groups };
}

/** An op the user named must apply to at least one requested shape; otherwise say every reason why not. */
function requireApplicable(op: RepOp, grid: FusionGrid): void {
  const reasons = new Set<string>();
  for (const spec of shapes(grid)) {
    const verdict = op.appliesTo(spec);
    if (verdict.ok) return;
    reasons.add(verdict.reason);
  }
  throw new ReparamError(`op '${op.id}' does not apply to any requested slot shape: ${[...reasons].join('; ')}`);
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : String(v));

/** `reparam verify-fusion`: multi-branch vs fused, per op and for all ops together, over a grid of slots. */
export function addVerifyFusionCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('verify-fusion')
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
      const grid = gridFrom(flags);
      const ops = flags.op ? flags.op.map((id) => registry.op(id)) : registry.ops();
      if (flags.op) for (const op of ops) requireApplicable(op, grid);
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
