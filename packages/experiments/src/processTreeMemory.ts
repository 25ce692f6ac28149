import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The pids of `pid` and all its descendants (Linux /proc), those still alive. */
function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    let tasks: string[] = [];
    try {
      tasks = readFileSync(`/proc/${out[i]}/task/${out[i]}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      continue; // gone meanwhile
    }
    out.push(...tasks.map(Number));
  }
  return out;
}

/** Resident memory of one process in bytes (0 when it is gone). */
function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** What {@link runMeasured} saw: the command's stdout and the peak of its process tree's summed RSS. */
export interface MeasuredRun {
  readonly stdout: string;
  readonly peakRssBytes: number;
}

/**
 * Runs `command args` to completion and samples the summed resident memory of it and every process
 * it starts (worker processes too) every `intervalMs`; rejects with its stderr when it fails.
 */
export function runMeasured(command: string, args: readonly string[], intervalMs = 25): Promise<MeasuredRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const sample = () => {
      if (child.pid === undefined) return;
      peak = Math.max(peak, processTree(child.pid).reduce((sum, pid) => sum + rssBytes(pid), 0));
    };
    const timer = setInterval(sample, intervalMs);
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      if (code === 0) resolve({ stdout, peakRssBytes: peak });
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
}
