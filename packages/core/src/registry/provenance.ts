/** Which plugin registered an entry; filled in by {@link registerPluginModule}. */
const provenance = new WeakMap<object, string>();

/** Records that `plugin` registered `entry` (first plugin wins). */
export function tagProvenance(entry: object, plugin: string): void {
  if (!provenance.has(entry)) provenance.set(entry, plugin);
}

/** The plugin that registered `entry`, or `(registered directly)`. */
export function pluginOf(entry: object): string {
  return provenance.get(entry) ?? '(registered directly)';
}
