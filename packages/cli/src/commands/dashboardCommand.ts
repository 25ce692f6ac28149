import type { Command } from 'commander';
import { DASHBOARD_DEFAULTS, startDashboard } from '@reparam/dashboard';
import { parseNonNegativeInt } from '../options.js';
import { withExamples } from '../examples.js';

interface DashboardFlags {
  port: number;
  host: string;
  json?: boolean;
}

/** Resolves on the first SIGINT or SIGTERM (Ctrl+C, or a service manager stopping the dashboard). */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** `reparam dashboard [dir]`: a read-only local web app over every run in a directory, live. */
export function addDashboardCommand(program: Command): void {
  withExamples(program.command('dashboard'), [
    'reparam dashboard',
    'reparam dashboard runs/paper --port 9000',
    'reparam dashboard runs --host 0.0.0.0   # reachable from other machines: only on a trusted network',
  ])
    .description(
      'serve a read-only web app over every train and search run under [dir]: a sortable, filterable runs table, a page per search and per training run with their charts, live while a run is written (Ctrl+C stops it)',
    )
    .argument('[dir]', 'the directory of runs', DASHBOARD_DEFAULTS.dir)
    .option('--port <n>', 'port to listen on (0: any free port)', parseNonNegativeInt, DASHBOARD_DEFAULTS.port)
    .option('--host <address>', 'address to listen on (the default is this machine only)', DASHBOARD_DEFAULTS.host)
    .option('--json', 'once listening, print {"url", "dir"} as one JSON line on stdout (for scripts that start it)')
    .action(async (dir: string, flags: DashboardFlags) => {
      const dashboard = await startDashboard({ dir, host: flags.host, port: flags.port });
      // One line either way: a script reads it as soon as the dashboard answers.
      console.log(flags.json ? JSON.stringify({ url: dashboard.url, dir: dashboard.dir }) : `dashboard of ${dashboard.dir} at ${dashboard.url} (Ctrl+C stops it)`);
      await untilStopped();
      await dashboard.close();
    });
}
