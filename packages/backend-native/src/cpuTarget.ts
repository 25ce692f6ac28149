import { existsSync, readFileSync } from 'node:fs';

/** How to rebuild the addon on this machine, in a clone of reparam and in a project that installed it. */
const REBUILD = 'pnpm --filter @reparam/backend-native rebuild in a clone of reparam, npm rebuild @reparam/backend-native in a project';

/**
 * Written beside the addon by scripts/build-addon.mjs: the CPU it was built on and the instruction
 * sets `-march=native` let the compiler use there (GCC's macro names without underscores around
 * them: `AVX2`, `AVX512F`, …).
 */
export interface AddonCpuTarget {
  readonly cpu: string;
  readonly isa: readonly string[];
}

// GCC macro → /proc/cpuinfo flag where the two differ by more than underscores and case.
const FLAG_OF_MACRO: Readonly<Record<string, string>> = { BMI: 'bmi1', SHA: 'shani' };

const normalise = (name: string) => name.toLowerCase().replace(/_/g, '');

/** The instruction sets of `target` that a CPU with these /proc/cpuinfo `flags` lacks (cpuinfo names). */
export function missingInstructionSets(target: AddonCpuTarget, flags: ReadonlySet<string>): string[] {
  const have = new Set([...flags].map(normalise));
  return target.isa.map((m) => FLAG_OF_MACRO[m] ?? normalise(m)).filter((f) => !have.has(normalise(f)));
}

/** The `flags` line of /proc/cpuinfo's first processor (x86), as a set. */
export function cpuFlags(cpuinfo: string): Set<string> {
  const line = cpuinfo.split('\n').find((l) => /^flags\s*:/.test(l));
  return new Set(line ? line.replace(/^flags\s*:/, '').trim().split(/\s+/) : []);
}

/**
 * Why an addon built for `targetFile`'s CPU must not load on this one (undefined when it may, or
 * when there is nothing to compare: no target file, not x86 Linux). An addon compiled with
 * `-march=native` on an AVX-512 machine dies with an illegal instruction on an AVX2-only one, in
 * the middle of a training; refusing it up front turns that into a message and another backend.
 */
export function foreignBuildReason(targetFile: string, cpuinfoFile = '/proc/cpuinfo'): string | undefined {
  if (process.arch !== 'x64' || !existsSync(targetFile) || !existsSync(cpuinfoFile)) return undefined;
  let target: AddonCpuTarget;
  try {
    target = JSON.parse(readFileSync(targetFile, 'utf8')) as AddonCpuTarget;
    if (!Array.isArray(target.isa)) throw new Error('no isa list');
  } catch (err) {
    return `its build record ${targetFile} is unreadable (${(err as Error).message}); rebuild it (${REBUILD})`;
  }
  const missing = missingInstructionSets(target, cpuFlags(readFileSync(cpuinfoFile, 'utf8')));
  if (missing.length === 0) return undefined;
  return (
    `it was built for another CPU (${target.cpu}) and uses instructions this one lacks (${missing.join(', ')}); ` +
    `rebuild it on this machine (${REBUILD})`
  );
}
