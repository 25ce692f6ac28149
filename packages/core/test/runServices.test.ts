import { describe, expect, it } from 'vitest';
import { createContainer, createRunServices, Registry, RunDirectory, runService, SERVICE_TOKENS } from '../src/index.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('run services', () => {
  it('a run container resolves each service by its token, and only within that run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reparam-services-'));
    try {
      const registry = new Registry(createContainer());
      const run = RunDirectory.open(join(dir, 'run'));
      let t = 1000;
      const services = createRunServices({ registry, run, log: (e) => run.log(e), backend: 'cpu', clock: { now: () => (t += 500) } });
      expect(runService(services, 'registry')).toBe(registry);
      expect(runService(services, 'backend')).toBe('cpu');
      expect(services.resolve(SERVICE_TOKENS.run)).toBe(run);
      expect(runService(services, 'clock').now()).toBe(1500);
      runService(services, 'log')({ type: 'from-a-plugin' });
      expect(JSON.parse(readFileSync(run.file('log.jsonl'), 'utf8'))).toMatchObject({ type: 'from-a-plugin' });
      // The registry's own container (and so another run) does not see this run's services.
      expect(registry.container.isRegistered(SERVICE_TOKENS.run, true)).toBe(false);
      expect(() => runService(registry.container, 'run')).toThrow("the run's 'run' service is not available here (no run services were given)");
      expect(() => runService(undefined, 'clock')).toThrow(/not available here/);
      run.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
