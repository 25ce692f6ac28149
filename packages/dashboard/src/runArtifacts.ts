import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEPLOY_DIR } from '@reparam/runs';
import { PLOTS_DIR } from '@reparam/report';

/** A file of a run the page links to for download. */
export interface RunArtifact {
  /** Path inside the run directory, `/`-separated (e.g. `deploy/model.onnx`). */
  readonly path: string;
  readonly bytes: number;
}

/** The folders of a run whose files are offered for download besides its own top-level files. */
const ARTIFACT_DIRS = [DEPLOY_DIR, PLOTS_DIR] as const;

function plainFiles(dir: string, prefix: string): RunArtifact[] {
  let names: string[];
  try {
    // A symlinked folder is not listed either: its names and sizes may be from outside the directory.
    if (!lstatSync(dir).isDirectory()) return [];
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    if (name.startsWith('.')) return [];
    try {
      const s = lstatSync(join(dir, name));
      // Regular files only: a symlink is not followed, even to somewhere inside the run.
      return s.isFile() ? [{ path: `${prefix}${name}`, bytes: s.size }] : [];
    } catch {
      return [];
    }
  });
}

/** The files of a run: its own top-level files (config, log, results, checkpoint), deploy/ and plots/. */
export function runArtifacts(dir: string): RunArtifact[] {
  return [...plainFiles(dir, ''), ...ARTIFACT_DIRS.flatMap((d) => plainFiles(join(dir, d), `${d}/`))];
}
