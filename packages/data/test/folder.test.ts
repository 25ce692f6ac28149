import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, useBackend } from '@reparam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, folderDataset, type ImageDataset, StreamingImageDataset } from '../src/index.js';
import { collect, jpegFile, pngFile, tempDir } from './fixtures.js';
import { rejects } from './rejects.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
beforeAll(async () => {
  await useBackend('cpu');
});

const CLASSES = ['cat', 'dog', 'emu'];

/** `root/<class>/<id>.png` for `perClass` images per class, ids from `idBase`; returns the root. */
function writePngFolder(root: string, perClass: number, idBase = 0, side = 6, grey = false): string {
  CLASSES.forEach((name, label) => {
    mkdirSync(join(root, name), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const id = idBase + label * perClass + i;
      writeFileSync(join(root, name, `${String(id).padStart(4, '0')}.png`), pngFile(side, side, id, label, grey));
    }
  });
  return root;
}

const fresh = (name: string): string => {
  const dir = join(tmp.dir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
};

describe('the folder dataset', () => {
  it('loads class folders of PNGs, splitting off a test set by seed', async () => {
    const dir = writePngFolder(fresh('flat'), 20);
    writeFileSync(join(dir, 'README.txt'), 'not an image');
    writeFileSync(join(dir, 'cat', 'notes.txt'), 'ignored');
    const d = (await folderDataset.load({ seed: 4, path: dir })) as ImageDataset;
    expect(d.id).toBe('folder');
    expect(d.inputShape).toEqual([6, 6, 3]);
    expect(d.classes).toBe(3);
    expect(d.classNames).toEqual(CLASSES);
    expect(d.augmentation).toEqual({ pad: 1, flip: true });
    expect([d.train.size, d.validation.size, d.test.size]).toEqual([43, 5, 12]);
    const inOrder = [d.train, d.validation, d.test].flatMap((s) => collect(d, s, 7));
    expect(inOrder.flatMap((c) => c.ids).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    for (const c of inOrder) {
      expect(c.labels).toEqual(c.ids.map((id) => Math.floor(id / 20)));
      expect(c.pixelLabels).toEqual(c.labels);
    }
    const shuffled = collect(d, d.train, 7, { rng: new Rng(1) });
    expect(shuffled.labels).toEqual(shuffled.ids.map((id) => Math.floor(id / 20)));
    const again = (await folderDataset.load({ seed: 4, path: dir })) as ImageDataset;
    expect([...again.test.indices]).toEqual([...d.test.indices]);
  });

  it('uses train/ and test/ when both exist, with the training classes', async () => {
    const dir = fresh('tt');
    writePngFolder(join(dir, 'train'), 10, 0);
    writePngFolder(join(dir, 'test'), 4, 1000);
    rmSync(join(dir, 'test', 'emu'), { recursive: true });
    const d = (await folderDataset.load({ seed: 1, path: dir })) as ImageDataset;
    expect([d.train.size, d.validation.size, d.test.size]).toEqual([27, 3, 8]);
    const test = collect(d, d.test, 100);
    expect(test.ids).toEqual([1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007]);
    expect(test.labels).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('loads grey images with one channel, PNG and JPEG mixed', async () => {
    const dir = fresh('grey');
    mkdirSync(join(dir, 'dark'));
    mkdirSync(join(dir, 'light'));
    for (let i = 0; i < 5; i++) {
      writeFileSync(join(dir, 'dark', `${i}.jpg`), jpegFile(8, 8, 20 + i));
      writeFileSync(join(dir, 'light', `${i}.PNG`), pngFile(8, 8, i, 1, true));
    }
    writeFileSync(join(dir, 'light', 'x.jpeg'), jpegFile(8, 8, 230));
    const d = (await folderDataset.load({ seed: 1, path: dir, validationFraction: 0 })) as ImageDataset;
    expect(d.inputShape).toEqual([8, 8, 1]);
    expect(d.train.size + d.test.size).toBe(11);
    // JPEG is lossy, but a flat grey square decodes to within a step of its value.
    const jpegImage = decodeImage(jpegFile(8, 8, 77), 'x.jpg');
    for (const v of jpegImage.rgb) expect(Math.abs(v - 77)).toBeLessThanOrEqual(1);
  });

  it('loads colour JPEGs with their labels through shuffled batches', async () => {
    const dir = fresh('jpeg');
    const colour = (label: number): [number, number, number] => [40 + 80 * label, 200 - 60 * label, 90];
    CLASSES.forEach((name, label) => {
      mkdirSync(join(dir, name));
      for (let i = 0; i < 6; i++) writeFileSync(join(dir, name, `${i}.jpg`), jpegFile(8, 8, colour(label)));
    });
    const d = (await folderDataset.load({ seed: 3, path: dir, validationFraction: 0 })) as ImageDataset;
    expect(d.inputShape).toEqual([8, 8, 3]);
    expect(d.train.size + d.test.size).toBe(18);
    const b = collect(d, d.train, 4, { rng: new Rng(2) });
    expect(b.sizes.every((n) => n === 4)).toBe(true);
    b.images.forEach((image, i) => {
      const want = colour(b.labels[i]);
      for (let c = 0; c < 3; c++) expect(Math.abs(image[c] - want[c])).toBeLessThanOrEqual(3);
    });
  });

  it('names what is wrong', async () => {
    await rejects(folderDataset.load({ seed: 1 }), /the folder dataset needs a directory/);
    await rejects(folderDataset.load({ seed: 1, path: join(tmp.dir, 'none') }), /image folder directory .*none does not exist/);

    const empty = fresh('empty');
    writeFileSync(join(empty, 'a.png'), pngFile(4, 4, 0, 0));
    await rejects(folderDataset.load({ seed: 1, path: empty }), /empty has no class folders; expected images in .*empty\/<class>\/\*\.png\|jpg\|jpeg/);

    const noImages = writePngFolder(fresh('noimages'), 3);
    mkdirSync(join(noImages, 'fox'));
    writeFileSync(join(noImages, 'fox', 'fox.gif'), 'GIF89a');
    await rejects(folderDataset.load({ seed: 1, path: noImages }), /class folder .*noimages\/fox has no PNG or JPEG images/);

    const badPng = writePngFolder(fresh('badpng'), 3);
    writeFileSync(join(badPng, 'dog', 'broken.png'), 'this is not a png');
    await rejects(folderDataset.load({ seed: 1, path: badPng }), /dog\/broken\.png cannot be decoded as PNG: /);

    const badJpeg = writePngFolder(fresh('badjpeg'), 3);
    writeFileSync(join(badJpeg, 'emu', 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    await rejects(folderDataset.load({ seed: 1, path: badJpeg }), /emu\/broken\.jpg cannot be decoded as JPEG: /);

    // Images of different sizes are not refused: the folder is streamed at the recipe's size instead.
    const sizes = writePngFolder(fresh('sizes'), 3);
    writeFileSync(join(sizes, 'emu', 'zz.png'), pngFile(7, 6, 0, 2));
    const mixed = await folderDataset.load({ seed: 1, path: sizes });
    expect(mixed).toBeInstanceOf(StreamingImageDataset);
    expect(mixed.inputShape).toEqual([224, 224, 3]);

    const half = fresh('half');
    writePngFolder(join(half, 'train'), 3);
    await rejects(folderDataset.load({ seed: 1, path: half }), /half has a train folder but no test folder/);

    const extra = fresh('extra');
    writePngFolder(join(extra, 'train'), 3);
    writePngFolder(join(extra, 'test'), 1);
    mkdirSync(join(extra, 'test', 'yak'));
    writeFileSync(join(extra, 'test', 'yak', 'y.png'), pngFile(6, 6, 0, 0));
    await rejects(folderDataset.load({ seed: 1, path: extra }), /test\/yak is a class that the training images do not have/);

    const testSize = fresh('testsize');
    writePngFolder(join(testSize, 'train'), 3);
    writePngFolder(join(testSize, 'test'), 1, 0, 5);
    expect(await folderDataset.load({ seed: 1, path: testSize })).toBeInstanceOf(StreamingImageDataset);
  });
});
