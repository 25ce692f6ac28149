/**
 * The contents of every `<text>` element of an SVG (each line of a multi-line one, a `<tspan>`, on
 * its own), entities decoded: what a reader sees written.
 * Checking a title or a label against this list is exact — `svg.includes('op')` would also match
 * every `opacity=` attribute.
 */
export function svgTexts(svg: string): string[] {
  const decode = (s: string) =>
    s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&');
  return [...svg.matchAll(/<(text|tspan)\b[^>]*>([^<]*)<\/\1>/g)].map((m) => decode(m[2]));
}
