/** Explicit padding of an NHWC feature map: `[top, bottom, left, right]`. */
export type Padding = readonly [top: number, bottom: number, left: number, right: number];

/** The tfjs explicit-padding form of `p` for NHWC conv2d / pad. */
export function toTfPadding(p: Padding): [[number, number], [number, number], [number, number], [number, number]] {
  return [
    [0, 0],
    [p[0], p[1]],
    [p[2], p[3]],
    [0, 0],
  ];
}

/**
 * Symmetric "centre" padding for a kh×kw kernel: kh//2 rows on top and bottom, kw//2 columns left and
 * right. tfjs `'same'` is not used because with stride 2 on even sizes it pads only bottom/right.
 */
export function centrePadding(kh: number, kw: number): Padding {
  const ph = Math.floor(kh / 2);
  const pw = Math.floor(kw / 2);
  return [ph, ph, pw, pw];
}

/** True when no side is padded. */
export function isZeroPadding(p: Padding): boolean {
  return p.every((v) => v === 0);
}
