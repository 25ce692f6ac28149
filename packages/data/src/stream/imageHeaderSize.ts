/** What an image header states. */
export interface ImageHeader {
  readonly format: 'jpeg' | 'png';
  readonly width: number;
  readonly height: number;
  /** JPEG only: colour components (1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK). */
  readonly components?: number;
}

/**
 * The width and height a JPEG (its SOF segment) or PNG (its IHDR chunk) header states, read from the
 * bytes without decoding; `undefined` for any other format or a header that does not parse (the
 * caller then asks the decoder). Saves the decoder a separate header pass per image.
 */
export function imageHeaderSize(bytes: Uint8Array): ImageHeader | undefined {
  const n = bytes.length;
  if (n > 24 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, n);
    const width = view.getUint32(16);
    const height = view.getUint32(20);
    return width > 0 && height > 0 ? { format: 'png', width, height } : undefined;
  }
  if (n < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 10 < n) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = (bytes[at + 5] << 8) | bytes[at + 6];
      const width = (bytes[at + 7] << 8) | bytes[at + 8];
      return width > 0 && height > 0 ? { format: 'jpeg', width, height, components: bytes[at + 9] } : undefined;
    }
    if (marker === 0xda || length < 2) return undefined; // image data before any frame header
    at += 2 + length;
  }
  return undefined;
}
