import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** The line that ends what a benchmark writes into its doc page; what follows it is kept on reruns. */
export const HAND_WRITTEN_MARKER = '<!-- generated above; written by hand below -->';

/**
 * Writes a benchmark's page: `generated` (the command, tables, charts), then the marker, then
 * whatever was already written by hand below the marker in the existing page (the reading of the
 * numbers), so rerunning a benchmark refreshes its numbers without losing their interpretation.
 */
export function writeGeneratedDoc(path: string, generated: string): void {
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const at = previous.indexOf(HAND_WRITTEN_MARKER);
  const kept = at >= 0 ? previous.slice(at + HAND_WRITTEN_MARKER.length) : '\n';
  writeFileSync(path, `${generated.trimEnd()}\n\n${HAND_WRITTEN_MARKER}${kept}`);
}
