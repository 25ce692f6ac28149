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
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
