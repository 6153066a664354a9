// This process's identity, generated once at start: in-flight records (Idempotency-Key claims) name their owner so
// that another process, or this one after a restart, can tell a record whose owner died from one still being worked on.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

export interface ProcessOwner {
  host: string | null;
  pid: number | null;
  instance: string | null;
}

export const processInstance = { host: hostname(), pid: process.pid, id: randomUUID() } as const;

export const thisOwner = (): ProcessOwner => ({ host: processInstance.host, pid: processInstance.pid, instance: processInstance.id });

/** True while a process with this pid runs on this host (signal 0 tests for existence only; EPERM means it exists). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the owner of a record is known to be gone: an earlier run of this process (same host and pid, another
 * instance id, as a container's pid 1 after a restart), or a process on this host that no longer runs. An owner on
 * another host, or a record written before owners were recorded, cannot be checked: only the caller's age bound frees it.
 */
export function ownerIsGone(owner: ProcessOwner): boolean {
  if (owner.instance === processInstance.id) return false;
  if (owner.host !== processInstance.host || owner.pid === null || owner.instance === null) return false;
  if (owner.pid === processInstance.pid) return true;
  return !pidAlive(owner.pid);
}
