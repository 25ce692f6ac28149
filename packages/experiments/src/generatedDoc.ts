import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** The line that ends what a benchmark writes into its doc page; what follows it is kept on reruns. */
export const HAND_WRITTEN_MARKER = '<!-- generated above; written by hand below -->';

const sectionStart = (id: string) => `<!-- generated section: ${id} -->`;
const sectionEnd = (id: string) => `<!-- end of generated section: ${id} -->`;

/**
 * Writes a benchmark's page: `generated` (the command, tables, charts), then the marker, then
 * whatever was already written by hand below the marker in the existing page (the reading of the
 * numbers), so rerunning a benchmark refreshes its numbers without losing their interpretation.
 *
 * With `section` (e.g. the backbone), `generated` replaces only that section of the generated part,
 * so one page holds the same experiment on several settings: other sections are kept as they are,
 * a new section is added after the existing ones, and a new page starts with `# title`.
 */
export function writeGeneratedDoc(path: string, generated: string, section?: { readonly id: string; readonly title: string }): void {
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const at = previous.indexOf(HAND_WRITTEN_MARKER);
  const kept = at >= 0 ? previous.slice(at + HAND_WRITTEN_MARKER.length) : '\n';
  if (section === undefined) {
    writeFileSync(path, `${generated.trimEnd()}\n\n${HAND_WRITTEN_MARKER}${kept}`);
    return;
  }
  const above = at >= 0 ? previous.slice(0, at).trimEnd() : `# ${section.title}`;
  const block = `${sectionStart(section.id)}\n${generated.trim()}\n${sectionEnd(section.id)}`;
  const start = above.indexOf(sectionStart(section.id));
  const end = above.indexOf(sectionEnd(section.id));
  const replaced =
    start >= 0 && end > start ? `${above.slice(0, start)}${block}${above.slice(end + sectionEnd(section.id).length)}` : `${above}\n\n${block}`;
  writeFileSync(path, `${replaced.trimEnd()}\n\n${HAND_WRITTEN_MARKER}${kept}`);
}
