// Whether the owner of an in-flight record is known to be gone (this process, an earlier run, a dead pid).
import { hostname } from 'node:os';
import { ownerIsGone, processInstance, thisOwner } from '../../src/lib/instance.js';

describe('process owner', () => {
  test('when this process names itself, then it is its host, pid and instance id', () => {
    expect(processInstance.host).toBe(hostname());
    expect(processInstance.pid).toBe(process.pid);
    expect(processInstance.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(thisOwner()).toEqual({ host: hostname(), pid: process.pid, instance: processInstance.id });
  });

  test('when the owner is this process, then it is not gone', () => {
    expect(ownerIsGone(thisOwner())).toBe(false);
  });

  test('when the owner is an earlier run with the same host and pid, then it is gone', () => {
    expect(ownerIsGone({ host: hostname(), pid: process.pid, instance: 'an-earlier-run' })).toBe(true);
  });

  test('when the owner is on another host, or its pid or instance is unknown, then it cannot be called gone', () => {
    expect(ownerIsGone({ host: 'another-host', pid: process.pid, instance: 'x' })).toBe(false);
    expect(ownerIsGone({ host: hostname(), pid: null, instance: 'x' })).toBe(false);
    expect(ownerIsGone({ host: hostname(), pid: 999_999_999, instance: null })).toBe(false);
  });

  test('when the owner is another live process on this host, then it is not gone; a pid that does not run is', () => {
    expect(ownerIsGone({ host: hostname(), pid: process.ppid, instance: 'x' })).toBe(false);
    expect(ownerIsGone({ host: hostname(), pid: 999_999_999, instance: 'x' })).toBe(true);
  });

  test('when signalling the pid is not permitted (EPERM), then the process exists and the owner is not gone', () => {
    const kill = process.kill;
    process.kill = (() => {
      throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
    }) as typeof process.kill;
    try {
      expect(ownerIsGone({ host: hostname(), pid: 4242, instance: 'x' })).toBe(false);
    } finally {
      process.kill = kill;
    }
  });
});
