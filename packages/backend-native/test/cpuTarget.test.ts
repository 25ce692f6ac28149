import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuFlags, foreignBuildReason, missingInstructionSets } from '../src/cpuTarget.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-cpu-target-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Trimmed /proc/cpuinfo of an AVX2-only machine (no AVX-512).
const AVX2_CPUINFO = 'processor\t: 0\nmodel name\t: Some AVX2 CPU\nflags\t\t: fpu sse4_2 avx avx2 fma bmi1 bmi2 f16c sha_ni\n\nprocessor\t: 1\n';
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe('the native addon’s CPU target', () => {
  it('maps GCC’s ISA macros to cpuinfo flags (BMI → bmi1, SHA → sha_ni, underscores ignored)', () => {
    const flags = cpuFlags(AVX2_CPUINFO);
    expect(flags.has('avx2')).toBe(true);
    expect(missingInstructionSets({ cpu: 'x', isa: ['AVX', 'AVX2', 'BMI', 'BMI2', 'F16C', 'FMA', 'SHA', 'SSE4_2'] }, flags)).toEqual([]);
    expect(missingInstructionSets({ cpu: 'x', isa: ['AVX2', 'AVX512F', 'AVX512VNNI', 'AVXVNNI'] }, flags)).toEqual(['avx512f', 'avx512vnni', 'avxvnni']);
  });

  it('refuses a build made for AVX-512 on an AVX2 machine, naming the missing instructions and the fix', () => {
    const target = file('avx512.json', JSON.stringify({ cpu: 'AMD EPYC 9R14', isa: ['AVX2', 'AVX512BW', 'AVX512F', 'FMA'] }));
    const reason = foreignBuildReason(target, file('cpuinfo-avx2', AVX2_CPUINFO));
    expect(reason).toBe(
      'it was built for another CPU (AMD EPYC 9R14) and uses instructions this one lacks (avx512bw, avx512f); rebuild it on this machine (pnpm --filter @reparam/backend-native rebuild in a clone of reparam, npm rebuild @reparam/backend-native in a project)',
    );
  });

  it('accepts a build whose instructions the CPU has, and a build without a record', () => {
    const target = file('avx2.json', JSON.stringify({ cpu: 'x', isa: ['AVX2', 'FMA'] }));
    expect(foreignBuildReason(target, file('cpuinfo-avx2b', AVX2_CPUINFO))).toBeUndefined();
    expect(foreignBuildReason(join(tmp, 'none.json'), file('cpuinfo-avx2c', AVX2_CPUINFO))).toBeUndefined();
  });

  it('says so when the record is unreadable', () => {
    expect(foreignBuildReason(file('bad.json', '{"cpu":'), file('cpuinfo-avx2d', AVX2_CPUINFO))).toMatch(/build record .*bad\.json is unreadable .*pnpm --filter @reparam\/backend-native rebuild/);
  });
});
