import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createContainer, loadPlugins, pluginOf, Registry, ReparamError, registerOp, registerPluginModule } from '../src/index.js';
import { strideOneOnlyOp, testMainOp } from './fixtures.js';

const here = fileURLToPath(new URL('.', import.meta.url));

describe('Registry', () => {
  it('lists ops in registration order and finds the main op', () => {
    const c = createContainer();
    registerOp(c, testMainOp);
    registerOp(c, strideOneOnlyOp);
    const r = new Registry(c);
    expect(r.ops().map((o) => o.id)).toEqual(['test_kxk', 'test_stride1']);
    expect(r.mainOp()).toBe(testMainOp);
    expect(r.optionalOps().map((o) => o.id)).toEqual(['test_stride1']);
  });
  it('names the known ids for an unknown one', () => {
    const c = createContainer();
    registerOp(c, testMainOp);
    expect(() => new Registry(c).op('nope')).toThrow("unknown op 'nope'; known: test_kxk");
    expect(() => new Registry(createContainer()).get('strategy', 'x')).toThrow("unknown strategy 'x'; known: none registered");
  });
  it('refuses two different ops with one id, and a missing main op', () => {
    const c = createContainer();
    registerOp(c, testMainOp);
    registerOp(c, { ...testMainOp });
    expect(() => new Registry(c).ops()).toThrow(/registered twice/);
    const d = createContainer();
    registerOp(d, strideOneOnlyOp);
    expect(() => new Registry(d).mainOp()).toThrow(/no main op/);
  });
  it('keeps containers apart', () => {
    const a = createContainer();
    registerOp(a, testMainOp);
    expect(new Registry(createContainer()).ops()).toEqual([]);
  });
});

describe('loadPlugins', () => {
  it('imports a plugin by path, calls register, and records the plugin of each entry', async () => {
    const c = createContainer();
    await loadPlugins(['./plugins/tiny-plugin.mjs'], c, { cwd: here });
    const op = new Registry(c).op('tiny_op');
    expect(pluginOf(op)).toBe('./plugins/tiny-plugin.mjs');
  });
  it('records the plugin of an already imported module', async () => {
    const c = createContainer();
    await registerPluginModule(c, 'my-ops', { register: (k: typeof c) => registerOp(k, testMainOp) });
    expect(pluginOf(new Registry(c).op('test_kxk'))).toBe('my-ops');
  });
  it('gives one clear error for a missing module', async () => {
    const err = await loadPlugins(['./plugins/missing.mjs'], createContainer(), { cwd: here }).catch((e) => e);
    expect(err).toBeInstanceOf(ReparamError);
    expect(err.message).toMatch(/^cannot load plugin '\.\/plugins\/missing\.mjs': module not found/);
    const pkg = await loadPlugins(['reparam-no-such-package'], createContainer(), { cwd: here }).catch((e) => e);
    expect(pkg.message).toMatch(/^cannot load plugin 'reparam-no-such-package': module not found/);
  });
  it('gives one clear error for a module without register, one that throws, and one that does not parse', async () => {
    const c = createContainer();
    await expect(loadPlugins(['./plugins/no-register.mjs'], c, { cwd: here })).rejects.toThrow(
      "plugin './plugins/no-register.mjs' has no register(container) export",
    );
    await expect(loadPlugins(['./plugins/throws-on-register.mjs'], c, { cwd: here })).rejects.toThrow(
      "plugin './plugins/throws-on-register.mjs' failed to register: boom",
    );
    await expect(loadPlugins(['./plugins/broken-syntax.mjs'], c, { cwd: here })).rejects.toThrow(
      /^cannot load plugin '\.\/plugins\/broken-syntax\.mjs': /,
    );
  });
});
