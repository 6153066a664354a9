// Pure rules of the ledger (整改台账): the lifecycle, overdue, on-time completion and the progress roll-up.
import { isPastDeadline } from '../../lib/dates.js';

export type ItemStatus = 'not_started' | 'in_progress' | 'pending_acceptance' | 'completed' | 'cancelled';
export type ItemAction = 'start' | 'submit' | 'accept' | 'reject' | 'cancel';

/**
 * not_started → in_progress (开始整改) → pending_acceptance (申请销号) → completed (销号);
 * the office rejects back to in_progress (退回) with a reason, or cancels (撤销) anything not yet completed.
 */
export const TRANSITIONS: Record<ItemAction, { from: readonly ItemStatus[]; to: ItemStatus }> = {
  start: { from: ['not_started'], to: 'in_progress' },
  submit: { from: ['in_progress'], to: 'pending_acceptance' },
  accept: { from: ['pending_acceptance'], to: 'completed' },
  reject: { from: ['pending_acceptance'], to: 'in_progress' },
  cancel: { from: ['not_started', 'in_progress', 'pending_acceptance'], to: 'cancelled' },
};

/** The status after `action`, or null when the action is illegal from `status`. */
export function nextStatus(status: ItemStatus, action: ItemAction): ItemStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

export const CLOSED_STATUSES: readonly ItemStatus[] = ['completed', 'cancelled'];

/** 逾期: the end of the deadline day has passed (deadline < today in Asia/Shanghai, computed once per page by the caller) and the item is neither completed nor cancelled. */
export function isOverdueOn(deadline: string, status: ItemStatus, today: string): boolean {
  return !CLOSED_STATUSES.includes(status) && deadline < today;
}

/** 按期完成: the lead applied for 销号 (submitted) no later than the end of the deadline day; null until completed. */
export function completedOnTime(deadline: string, submittedAt: Date): boolean {
  return !isPastDeadline(deadline, submittedAt);
}

/** Progress is kept to one decimal, rounded half up. */
export const roundProgress = (x: number): number => Math.round(x * 10 + 1e-9) / 10;

/**
 * A parent's progress: the weighted mean of its children that are not cancelled,
 * round1(Σ weightᵢ·progressᵢ / Σ weightᵢ); null when no child counts (the parent then keeps its own lead's report).
 */
export function rollUp(children: ReadonlyArray<{ weight: number; progress: number; status: ItemStatus }>): number | null {
  let sw = 0;
  let swp = 0;
  for (const c of children) {
    if (c.status === 'cancelled') continue;
    sw += c.weight;
    swp += c.weight * c.progress;
  }
  return sw > 0 ? roundProgress(swp / sw) : null;
}

/** 申请销号 needs the work done (progress 100) and the result described. */
export function submitProblems(progress: number, actualResult: string | null | undefined): string[] {
  const out: string[] = [];
  if (progress < 100) out.push(`progress is ${progress}; an item is submitted for acceptance at 100`);
  if (!actualResult || !actualResult.trim()) out.push('actualResult (整改成效) is required to submit for acceptance');
  return out;
}

export const ROLL_UP_FORMULA =
  'Progress (0–100, one decimal, rounded half up): a leaf item’s progress is the percent of its lead agency’s latest ' +
  'progress report (latest by reportedOn, then by creation), 0 before any report; reports by co-operating agencies are kept ' +
  'but do not count. A parent’s progress is round1(Σ wᵢ·pᵢ / Σ wᵢ) over its children that are not cancelled (wᵢ = weight, ' +
  'pᵢ = progress); with no such child it falls back to its own lead’s latest report. A change to a child recomputes every ' +
  'ancestor in the same transaction (their version and ETag change).';

/**
 * 公开承诺 (task 1): "各级机关的承诺要在媒体上公布，各个岗位的承诺要在本单位内部公布" — a unit-level commitment is
 * published in the media (and names it), a post-level one inside the agency (and names the post).
 */
export function commitmentProblems(c: { level: string; channel: string; postTitle?: string | null; mediaName?: string | null; publishedOn?: string | null }): Array<{ pointer: string; detail: string }> {
  const out: Array<{ pointer: string; detail: string }> = [];
  if (c.level === 'unit' && c.channel !== 'media') out.push({ pointer: '/channel', detail: 'an agency’s commitment is published in the media (各级机关的承诺要在媒体上公布)' });
  if (c.level === 'post' && c.channel !== 'internal') out.push({ pointer: '/channel', detail: 'a post’s commitment is published inside the agency (各个岗位的承诺要在本单位内部公布)' });
  if (c.level === 'post' && !c.postTitle) out.push({ pointer: '/postTitle', detail: 'a post-level commitment names the post' });
  if (c.level === 'unit' && c.publishedOn && !c.mediaName) out.push({ pointer: '/mediaName', detail: 'a published agency commitment names the medium it was published in' });
  return out;
}

/** The plan's deadline for public commitments: 6月底前 of the campaign year. */
export const commitmentDeadline = (year: number): string => `${year}-06-30`;
