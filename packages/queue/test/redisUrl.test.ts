import { GenomeCodec, isReparamError } from '@reparam/core';
import { describe, expect, it } from 'vitest';
import { evaluationJobId, parseRedisUrl } from '../src/index.js';

describe('parseRedisUrl', () => {
  it('reads host, port, database and credentials, and hides the password when shown', () => {
    expect(parseRedisUrl('redis://localhost')).toEqual({ host: 'localhost', port: 6379, db: 0, display: 'redis://localhost' });
    expect(parseRedisUrl('redis://10.0.0.5:6380/2')).toMatchObject({ host: '10.0.0.5', port: 6380, db: 2 });
    const t = parseRedisUrl('rediss://me:s%40cret@cache.example:7000/1');
    expect(t).toMatchObject({ host: 'cache.example', port: 7000, db: 1, username: 'me', password: 's@cret', tls: {} });
    expect(t.display).toBe('rediss://me:***@cache.example:7000/1');
    expect(parseRedisUrl('redis://[::1]:6379').host).toBe('::1');
  });
  it.each([
    ['localhost:6379', /redis:\/\/ or rediss:\/\/ URL, got 'localhost:6379'/],
    ['http://localhost:6379', /redis:\/\/ or rediss:\/\//],
    ['redis://localhost:6379/x', /database after the host must be a number, got 'x'/],
    ['redis://localhost:99999', /must be a Redis URL/],
  ])('refuses %s with a one-line user error', (url, message) => {
    let err: unknown;
    try {
      parseRedisUrl(url);
    } catch (e) {
      err = e;
    }
    expect(isReparamError(err)).toBe(true);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });
});

describe('evaluationJobId', () => {
  const codec = new GenomeCodec({ slots: [{ name: 'a', options: ['x', 'y', 'z'] }, { name: 'b', options: ['x', 'y'] }] });
  it('is the run id and the genome bits in hex (no ":", which BullMQ ids must not contain)', () => {
    // Bits in space order: a.x a.y a.z b.x b.y = 1 0 1 0 1 → '1010' '1' → 'a' and '1000' → '8'.
    expect(evaluationJobId('search-ab12', codec, { a: ['x', 'z'], b: ['y'] })).toBe('search-ab12-a8');
    expect(evaluationJobId('search-ab12', codec, { a: [], b: [] })).toBe('search-ab12-00');
  });
  it('differs for every genome', () => {
    const ids = new Set<string>();
    for (let m = 0; m < 32; m++) {
      const bit = (i: number) => ((m >> (4 - i)) & 1) === 1;
      const genome = { a: ['x', 'y', 'z'].filter((_, i) => bit(i)), b: ['x', 'y'].filter((_, i) => bit(3 + i)) };
      ids.add(evaluationJobId('r', codec, genome));
    }
    expect(ids.size).toBe(32);
  });
});
