/**
 * Names for a one-line message: all of them when few, else the first `shown` and how many more
 * (`conv1, layer1.0.conv1 and 12 more`), so a long list of slots never makes the line unreadable.
 */
export function nameList(names: readonly string[], shown = 6): string {
  if (names.length <= shown + 1) return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}
