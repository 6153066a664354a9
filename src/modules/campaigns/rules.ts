// Pure rules of the plan's 工作步骤 (phases) and 查摆问题 (problem categories); no database, no request.
import { lastDayOfMonth } from '../../lib/dates.js';

/** A date relative to the campaign year Y, as the templates write it: { year: 0|1, month, day: d | "end" }. */
export interface RelativeDate {
  year: number;
  month: number;
  day: number | 'end';
}

/**
 * The calendar date of a relative date for campaign year Y. 上旬 = days 1–10, 中旬 = 11–20, 下旬 = 21–end of month;
 * "end" is the last day of that month, leap years included ("20*年2月底" of Y+1 is 02-29 in a leap year).
 */
export function resolveDate(rel: RelativeDate, campaignYear: number): string {
  const year = campaignYear + rel.year;
  if (rel.day === 'end') return lastDayOfMonth(year, rel.month);
  return `${String(year).padStart(4, '0')}-${String(rel.month).padStart(2, '0')}-${String(rel.day).padStart(2, '0')}`;
}

export interface Window {
  number: number;
  startsOn: string;
  endsOn: string;
}

/**
 * Phase windows must be real ranges, lie inside the campaign and not overlap ("整个活动分为四个阶段进行").
 * Returns one message per broken window (empty when all is well).
 */
export function windowProblems(campaign: { startsOn: string; endsOn: string }, windows: Window[]): { number: number; detail: string }[] {
  const out: { number: number; detail: string }[] = [];
  if (campaign.startsOn > campaign.endsOn) out.push({ number: 0, detail: `the campaign starts (${campaign.startsOn}) after it ends (${campaign.endsOn})` });
  const sorted = [...windows].sort((a, b) => a.number - b.number);
  for (const w of sorted) {
    if (w.startsOn > w.endsOn) out.push({ number: w.number, detail: `phase ${w.number} starts (${w.startsOn}) after it ends (${w.endsOn})` });
    if (w.startsOn < campaign.startsOn || w.endsOn > campaign.endsOn) {
      out.push({ number: w.number, detail: `phase ${w.number} (${w.startsOn}..${w.endsOn}) lies outside the campaign (${campaign.startsOn}..${campaign.endsOn})` });
    }
  }
  // Phases run in order: each window must end before the next one starts.
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (cur.startsOn <= prev.endsOn) {
      out.push({ number: cur.number, detail: `phase ${cur.number} (${cur.startsOn}..${cur.endsOn}) overlaps or precedes phase ${prev.number} (${prev.startsOn}..${prev.endsOn})` });
    }
  }
  return out;
}

export type CampaignStatus = 'draft' | 'running' | 'closed';
export type PhaseStatus = 'pending' | 'active' | 'completed';

/** Campaign actions: draft → running (:start), running → closed (:close, no phase active). Returns why not, or null. */
export function campaignTransitionRefusal(action: 'start' | 'close', status: string, phases: { number: number; status: string }[]): string | null {
  if (action === 'start') return status === 'draft' ? null : `a ${status} campaign cannot be started (only a draft one)`;
  if (status !== 'running') return `a ${status} campaign cannot be closed (only a running one)`;
  const active = phases.find((p) => p.status === 'active');
  return active ? `phase ${active.number} is still active: complete it before closing the campaign` : null;
}

/**
 * Phase actions. "整个活动分为四个阶段进行": phases run in order, one active at a time; phase n+1 starts only after
 * phase n is completed; a phase starts only while its campaign is running. Returns why not, or null.
 */
export function phaseTransitionRefusal(
  action: 'start' | 'complete',
  phase: { number: number; status: string },
  siblings: { number: number; status: string }[],
  campaignStatus: string,
): string | null {
  if (action === 'complete') return phase.status === 'active' ? null : `phase ${phase.number} is ${phase.status}; only an active phase can be completed`;
  if (phase.status !== 'pending') return `phase ${phase.number} is ${phase.status}; only a pending phase can be started`;
  if (campaignStatus !== 'running') return `the campaign is ${campaignStatus}; phases start only while it is running`;
  const active = siblings.find((p) => p.status === 'active' && p.number !== phase.number);
  if (active) return `phase ${active.number} is active; one phase at a time: complete it first`;
  const unfinished = siblings.filter((p) => p.number < phase.number && p.status !== 'completed').map((p) => p.number);
  if (unfinished.length) return `phase ${phase.number} needs phase ${unfinished.join(', ')} completed first (phases run in order)`;
  return null;
}

/** 作风建设 has six categories (ws_1–ws_6), 机关行政效能建设 four (ef_1–ef_4): the category must match the dimension. */
export function categoryMatchesDimension(dimension: string, category: string): boolean {
  if (dimension === 'work_style') return /^ws_\d+$/.test(category);
  if (dimension === 'efficiency') return /^ef_\d+$/.test(category);
  return false;
}

/** A first report after the end of the window's last day (Asia/Shanghai) is late. */
export function isLate(windowEndsOn: string, reportedAt: Date, deadlineEndsAt: (d: string) => Date): boolean {
  return reportedAt.getTime() >= deadlineEndsAt(windowEndsOn).getTime();
}
