import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests import the workspace packages' TypeScript sources (the "source" export condition), so a
// unit test never runs against a stale dist/. CLI integration tests run the built dist on purpose.
const conditions = ['source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions: conditions },
  ssr: { resolve: { conditions: conditions } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Streamed image folders cache their listings under $XDG_CACHE_HOME: tests (and the CLI they
    // spawn, which inherits the environment) keep theirs out of the user's ~/.cache.
    env: { XDG_CACHE_HOME: join(tmpdir(), 'reparam-test-cache') },
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
