import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ReparamError } from '@reparam/core';
import { decodeImage, isImageFile } from './decodeImage.js';
import type { ImageSet } from './ImageSet.js';

/** The images of one class-per-folder tree, with the class folder names in label order. */
export interface ImageFolder {
  /** RGB images (three channels). */
  readonly set: ImageSet;
  readonly classNames: readonly string[];
  /** True when every pixel of every image has R = G = B (then `greyscale` can keep one channel). */
  readonly grey: boolean;
}

const visible = (name: string): boolean => !name.startsWith('.');
// Code-point order, not the locale's, so that labels are the same on every machine.
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The class folder names of `dir` (non-hidden sub-directories), in label order. */
export async function classFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && visible(e.name))
    .map((e) => e.name)
    .sort(byCodePoint);
}

/**
 * Reads `dir/<class>/*.png|jpg|jpeg` as RGB (other files are ignored). Labels are indices into
 * `classNames` (default: `dir`'s class folders in code-point order). Every image must have the size
 * of the first one; otherwise a {@link ReparamError} names the two, or, with `mixedSizes: 'undefined'`,
 * the result is `undefined` (the caller streams such a folder instead).
 */
export async function readImageFolder(dir: string, classNames?: readonly string[]): Promise<ImageFolder>;
export async function readImageFolder(dir: string, classNames: readonly string[] | undefined, mixedSizes: 'undefined'): Promise<ImageFolder | undefined>;
export async function readImageFolder(dir: string, classNames?: readonly string[], mixedSizes: 'throw' | 'undefined' = 'throw'): Promise<ImageFolder | undefined> {
  const own = await classFolders(dir);
  const names = classNames ?? own;
  if (own.length === 0) {
    throw new ReparamError(`${dir} has no class folders; expected images in ${join(dir, '<class>')}/*.png|jpg|jpeg`);
  }
  const files: { file: string; label: number }[] = [];
  for (const name of own) {
    const label = names.indexOf(name);
    if (label < 0) throw new ReparamError(`${join(dir, name)} is a class that the training images do not have`);
    const entries = await readdir(join(dir, name), { withFileTypes: true });
    const images = entries.filter((e) => e.isFile() && visible(e.name) && isImageFile(e.name)).map((e) => e.name).sort(byCodePoint);
    if (images.length === 0) throw new ReparamError(`class folder ${join(dir, name)} has no PNG or JPEG images`);
    for (const image of images) files.push({ file: join(dir, name, image), label });
  }

  let first: { file: string; width: number; height: number } | undefined;
  let rgb = new Uint8Array(0);
  const labels = new Int32Array(files.length);
  let grey = true;
  for (let i = 0; i < files.length; i++) {
    const { file, label } = files[i];
    const image = decodeImage(await readFile(file), file);
    if (!first) {
      first = { file, width: image.width, height: image.height };
      rgb = new Uint8Array(files.length * image.width * image.height * 3);
    } else if (image.width !== first.width || image.height !== first.height) {
      if (mixedSizes === 'undefined') return undefined;
      throw new ReparamError(
        `${file} is ${image.width}×${image.height} but ${first.file} is ${first.width}×${first.height}; all images must have the same size`,
      );
    }
    rgb.set(image.rgb, i * image.rgb.length);
    labels[i] = label;
    if (grey) {
      for (let p = 0; p < image.rgb.length; p += 3) {
        if (image.rgb[p] !== image.rgb[p + 1] || image.rgb[p] !== image.rgb[p + 2]) {
          grey = false;
          break;
        }
      }
    }
  }
  const { width, height } = first!;
  return { set: { pixels: rgb, labels, count: files.length, height, width, channels: 3 }, classNames: names, grey };
}
