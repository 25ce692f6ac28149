// Writes docs/cli.md from the CLI's own definitions (build first: `pnpm build`).
import { writeFileSync } from 'node:fs';
import { createFullProgram, renderCliReference } from '../packages/cli/dist/index.js';

const out = new URL('../docs/cli.md', import.meta.url);
writeFileSync(out, renderCliReference(await createFullProgram()));
console.log(`wrote ${out.pathname}`);
