import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Registry, writeFileAtomic } from '@reparam/core';
import { describeFailures, describeSkipped } from './describeOutcomes.js';
import { type Run, runGenome } from '@reparam/runs';
import { type ReportPlot, renderReport } from './renderReport.js';
import { runDataset } from './runDataset.js';
import { runSlots } from './runSlots.js';
import { PLOTS, PLOTS_DIR, visualizeRun } from './visualizeRun.js';

/** The file `reparam report` writes into the run directory. */
export const REPORT_FILE = 'report.html';

/** What {@link writeReport} did. */
export interface ReportOutcome {
  readonly file: string;
  readonly plots: number;
  /** True when plots/ was missing and the plots were made first. */
  readonly plotted: boolean;
  /** Plots that could not be made or do not apply (also shown in the report). */
  readonly notes: readonly string[];
}

/** plots/*.png in the order of {@link PLOTS} (feature maps of several slots alphabetically). */
function readPlots(dir: string): ReportPlot[] {
  if (!existsSync(dir)) return [];
  const rank = (name: string) => {
    const i = PLOTS.findIndex((p) => name === p || name.startsWith(`${p}-`));
    return i < 0 ? PLOTS.length : i;
  };
  return readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .map((f) => f.slice(0, -'.png'.length))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((name) => ({ name, png: readFileSync(join(dir, `${name}.png`)) }));
}

/**
 * Writes `<run>/report.html`: results, the genome per slot and every plot of plots/ inline, in one
 * self-contained page. Makes the plots first when plots/ has none.
 */
export async function writeReport(run: Run, registry: Registry): Promise<ReportOutcome> {
  const dataset = runDataset(registry, run);
  const plotsDir = join(run.dir, PLOTS_DIR);
  let notes: string[] = [];
  let plotted = false;
  if (readPlots(plotsDir).length === 0) {
    const outcomes = await visualizeRun(run, registry, { dataset });
    notes = [describeSkipped(outcomes), describeFailures(outcomes)].filter((n): n is string => n !== undefined);
    plotted = true;
  }
  const plots = readPlots(plotsDir);
  const html = renderReport(run, {
    slots: runSlots(registry, run.config, await dataset()),
    mainOpId: registry.mainOp().id,
    opOrder: registry.optionalOps().map((op) => op.id),
    genome: runGenome(run),
    plots,
    notes,
  });
  const file = join(run.dir, REPORT_FILE);
  writeFileAtomic(file, html);
  return { file, plots: plots.length, plotted, notes };
}
