/** How far from the end of a file its end marker may lie (some writers append padding or metadata). */
const TAIL = 1024;

/**
 * False when `bytes` is a JPEG without its end-of-image marker (FF D9) or a PNG without its IEND
 * chunk near the end: a truncated file. A decoder that stops at the rows a crop needs would not
 * notice, so this is checked first. True for anything else.
 */
export function hasEndMarker(bytes: Uint8Array): boolean {
  const n = bytes.length;
  const from = Math.max(0, n - TAIL);
  if (n >= 2 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    for (let i = n - 2; i >= from; i--) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
    return false;
  }
  if (n >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    for (let i = n - 4; i >= from; i--) if (bytes[i] === 0x49 && bytes[i + 1] === 0x45 && bytes[i + 2] === 0x4e && bytes[i + 3] === 0x44) return true;
    return false;
  }
  return true;
}
