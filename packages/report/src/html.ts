/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A table cell: text (escaped), or a number right-aligned. */
export type Cell = string | number | { readonly html: string; readonly className?: string };

/** An HTML table with a header row; `id` lets tests and links find it. */
export function htmlTable(id: string, header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cell = (c: Cell) => {
    if (typeof c === 'number') return `<td class="num">${escapeHtml(String(c))}</td>`;
    if (typeof c === 'string') return `<td>${escapeHtml(c)}</td>`;
    return `<td${c.className ? ` class="${escapeHtml(c.className)}"` : ''}>${c.html}</td>`;
  };
  return [
    `<table id="${escapeHtml(id)}">`,
    `<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>`,
    ...rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`),
    `</tbody></table>`,
  ].join('\n');
}

/** `0.9123` → `91.23%`; null or undefined → `n/a`. */
export function percent(x: number | null | undefined): string {
  return typeof x === 'number' && Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : 'n/a';
}

/** Thousands separated, for parameter and FLOP counts. */
export function count(x: number | null | undefined): string {
  return typeof x === 'number' ? x.toLocaleString('en-US') : 'n/a';
}

/** Seconds as `12.3 s` or `4 min 05 s`. */
export function duration(seconds: number | null | undefined): string {
  if (typeof seconds !== 'number') return 'n/a';
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${String(Math.round(seconds - 60 * m)).padStart(2, '0')} s`;
}
