import { existsSync, linkSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, z } from '@reparam/core';
import sharp from 'sharp';

/** What an ImageNet-like folder is made of; the same settings make the same files. */
export interface ImageNetLikeSpec {
  readonly images: number;
  readonly classes: number;
  readonly seed: number;
}

/** The default of `reparam bench data`: 5,000 JPEGs in 100 classes. */
export const IMAGENET_LIKE_DEFAULTS: ImageNetLikeSpec = { images: 5000, classes: 100, seed: 0 };

/** Written last into a finished folder, so an interrupted generation is redone, not reused. */
const DONE_FILE = '.generated.json';
const DONE_SCHEMA = z.object({ version: z.literal(1), images: z.number(), classes: z.number(), seed: z.number() });

/** A WordNet-like id per class (`n0` + 7 digits), as ILSVRC names its class folders. */
export const wnid = (c: number): string => `n0${String(1440764 + c * 9973).padStart(7, '0')}`;

/**
 * Pixels of one synthetic photo-like image: a smooth two-colour gradient, a few flat shapes and
 * sensor-like noise, so that it compresses (and decodes) like a photograph rather than like noise
 * or a flat fill. `grey` images have one channel.
 */
function pixels(width: number, height: number, grey: boolean, rng: Rng): Buffer {
  const channels = grey ? 1 : 3;
  const out = Buffer.alloc(width * height * channels);
  const a = [rng.int(256), rng.int(256), rng.int(256)];
  const b = [rng.int(256), rng.int(256), rng.int(256)];
  const shapes = Array.from({ length: 3 + rng.int(4) }, () => ({
    cx: rng.int(width),
    cy: rng.int(height),
    r2: (8 + rng.int(Math.min(width, height) / 3)) ** 2,
    colour: [rng.int(256), rng.int(256), rng.int(256)],
  }));
  let noise = rng.nextUint32() | 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x + y) / (width + height);
      let colour: number[] | undefined;
      for (const s of shapes) if ((x - s.cx) ** 2 + (y - s.cy) ** 2 < s.r2) colour = s.colour;
      noise ^= noise << 13;
      noise ^= noise >>> 17;
      noise ^= noise << 5;
      const n = (noise & 31) - 16;
      const o = (y * width + x) * channels;
      for (let c = 0; c < channels; c++) {
        const v = colour ? colour[c] : a[c] + t * (b[c] - a[c]);
        out[o + c] = Math.max(0, Math.min(255, v + n));
      }
    }
  }
  return out;
}

/**
 * Makes (or reuses, when `dir` already holds the same finished folder) an ImageNet-like folder in the
 * ILSVRC layout: `dir/train/<wnid>/<wnid>_<i>.JPEG`, `spec.images` JPEGs (quality 90) spread over
 * `spec.classes` classes, sizes around 500×375 (width 350–650, aspect 0.6–1.4 of the width), about 2 %
 * greyscale as in ImageNet. Deterministic for `spec.seed`. Returns the train folder.
 */
export async function imageNetLikeFolder(dir: string, spec: ImageNetLikeSpec = IMAGENET_LIKE_DEFAULTS): Promise<string> {
  const train = join(dir, 'train');
  const done = join(dir, DONE_FILE);
  if (existsSync(done)) {
    const parsed = DONE_SCHEMA.safeParse(JSON.parse(readFileSync(done, 'utf8')));
    if (parsed.success && parsed.data.images === spec.images && parsed.data.classes === spec.classes && parsed.data.seed === spec.seed) return train;
  }
  rmSync(dir, { recursive: true, force: true });
  for (let c = 0; c < spec.classes; c++) mkdirSync(join(train, wnid(c)), { recursive: true });
  const rng = new Rng(spec.seed);
  const jobs = Array.from({ length: spec.images }, (_, i) => {
    const width = 350 + rng.int(301);
    const height = Math.round(width * (0.6 + 0.8 * rng.uniform()) * 0.75);
    return { i, c: i % spec.classes, width, height, grey: rng.uniform() < 0.02, rng: rng.fork() };
  });
  // A few encodings in flight at once: sharp encodes on libuv's threads while the next image is drawn.
  let next = 0;
  const worker = async () => {
    for (let job = jobs[next++]; job; job = jobs[next++]) {
      const channels = job.grey ? 1 : 3;
      const raw = pixels(job.width, job.height, job.grey, job.rng);
      await sharp(raw, { raw: { width: job.width, height: job.height, channels } })
        .jpeg({ quality: 90 })
        .toFile(join(train, wnid(job.c), `${wnid(job.c)}_${job.i}.JPEG`));
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  writeFileSync(done, `${JSON.stringify({ version: 1, ...spec })}\n`);
  return train;
}

/**
 * `copies` × the images of the class-per-folder tree `train`, as hard links (no disk space, no
 * generation time): `dir/train/<class>_<k>/…` for k < copies. For measuring how memory grows with the
 * number of images. Reused when complete. Returns the new train folder.
 */
export function replicatedFolder(train: string, dir: string, copies: number): string {
  const out = join(dir, 'train');
  const done = join(dir, DONE_FILE);
  const stamp = `${JSON.stringify({ version: 1, images: copies, classes: 0, seed: 0 })}\n`;
  if (existsSync(done) && readFileSync(done, 'utf8') === stamp) return out;
  rmSync(dir, { recursive: true, force: true });
  for (const cls of readdirSync(train)) {
    for (let k = 0; k < copies; k++) {
      const to = join(out, `${cls}_${k}`);
      mkdirSync(to, { recursive: true });
      for (const file of readdirSync(join(train, cls))) linkSync(join(train, cls, file), join(to, file));
    }
  }
  writeFileSync(done, stamp);
  return out;
}
