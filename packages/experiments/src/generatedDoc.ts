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

/**
 * Writes `generated` as the section `id` of a hand-written page (e.g. one benchmark's part of
 * docs/benchmarks.md): between its section markers when the page has them, else appended at the end
 * with them. The rest of the page is left as it is.
 */
export function writeGeneratedSection(path: string, id: string, generated: string): void {
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const block = `${sectionStart(id)}\n${generated.trim()}\n${sectionEnd(id)}`;
  const start = previous.indexOf(sectionStart(id));
  const end = previous.indexOf(sectionEnd(id));
  const next =
    start >= 0 && end > start ? `${previous.slice(0, start)}${block}${previous.slice(end + sectionEnd(id).length)}` : `${previous.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}
