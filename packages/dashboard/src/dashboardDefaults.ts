/** The defaults of `reparam dashboard`, in one place. */
export const DASHBOARD_DEFAULTS = {
  /** The directory whose runs are shown. */
  dir: 'runs',
  /** Loopback only: other machines reach the dashboard only when `--host` says so. */
  host: '127.0.0.1',
  port: 8765,
  /** How often a page's live channel looks for changed run files, in milliseconds. */
  pollMs: 500,
  /** How deep under the directory runs are looked for (runs/<study>/<seed>/<run> is 3). */
  scanDepth: 6,
} as const;
