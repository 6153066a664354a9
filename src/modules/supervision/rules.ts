// Pure rules of supervision (督促检查, 督办/催办), quoting the plan's (四)加强督促检查:
// "采取单位自查、上级抽查、组织检查、明察暗访相结合的有效方式 ... 发现工作不力的,要明确指出,及时纠正;有不足之处的,
// 要找出原因,及时弥补;走过场或搞形式主义的,要严肃批评,及时“补课”。"
import { addDays, isPastDeadline } from '../../lib/dates.js';

export type InspectionKind = 'self_check' | 'spot_check' | 'organised' | 'unannounced';
export type InspectionStatus = 'planned' | 'in_progress' | 'concluded';
export type InspectionAction = 'start' | 'conclude';
export type Rating = 'good' | 'insufficient' | 'deficient' | 'formalism';
export type FindingStatus = 'undelivered' | 'awaiting_response' | 'responded' | 'verified' | 'no_action';
export type SubjectKind = 'phase_report' | 'rectification_item' | 'commitment' | 'approval_review' | 'fee_review';
export type OrderStatus = 'issued' | 'acknowledged' | 'replied' | 'returned' | 'closed';
export type OrderAction = 'acknowledge' | 'reply' | 'close' | 'return';

/** planned → in_progress (:start) → concluded (:conclude, the conclusion delivered to every inspected unit). */
export const INSPECTION_TRANSITIONS: Record<InspectionAction, { from: readonly InspectionStatus[]; to: InspectionStatus }> = {
  start: { from: ['planned'], to: 'in_progress' },
  conclude: { from: ['in_progress'], to: 'concluded' },
};

export function nextInspectionStatus(status: InspectionStatus, action: InspectionAction): InspectionStatus | null {
  const t = INSPECTION_TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

/**
 * 明察暗访 (unannounced): until it is concluded, the inspection does not exist for anyone but the inspectors and the
 * office — not for the inspected units, not for readers (lists, reads, the change feed, stats).
 */
export function isSecret(kind: InspectionKind | string, status: InspectionStatus | string): boolean {
  return kind === 'unannounced' && status !== 'concluded';
}

/**
 * When a finding reaches its unit and its consequence takes effect: at once for an announced inspection; for an
 * unannounced one only when the inspection concludes (the unit must not learn of the visit before).
 */
export function deliversOnRecord(kind: InspectionKind | string): boolean {
  return kind !== 'unannounced';
}

export interface Consequence {
  /** The plan's words. */
  plan: string;
  /** The unit must answer (:respond) by dueOn. */
  needsResponse: boolean;
  /** The finding must carry dueOn (correction, remedy or redo deadline). */
  needsDueOn: boolean;
  /** The subject is sent back: an item returns to in_progress, a phase report is marked for redo. */
  sendsBack: boolean;
  /** May be proposed for publicity (好做法、新成效、好经验). */
  publicityEligible: boolean;
}

export const CONSEQUENCES: Record<Rating, Consequence> = {
  good: { plan: '总结推广成功经验', needsResponse: false, needsDueOn: false, sendsBack: false, publicityEligible: true },
  insufficient: { plan: '发现工作不力的,要明确指出,及时纠正', needsResponse: true, needsDueOn: true, sendsBack: false, publicityEligible: false },
  deficient: { plan: '有不足之处的,要找出原因,及时弥补', needsResponse: true, needsDueOn: true, sendsBack: false, publicityEligible: false },
  formalism: { plan: '走过场或搞形式主义的,要严肃批评,及时“补课”', needsResponse: true, needsDueOn: true, sendsBack: true, publicityEligible: true },
};

/** Problems of a new finding (each a sentence), empty when it may be recorded. */
export function findingProblems(f: { rating: Rating; dueOn?: string | null; subjectKind?: string | null; unitInspected: boolean; subjectOfUnit: boolean }): string[] {
  const out: string[] = [];
  const c = CONSEQUENCES[f.rating];
  if (!f.unitInspected) out.push('the unit is not one of the inspected units');
  if (c.needsDueOn && !f.dueOn) out.push(`a ${f.rating} finding needs dueOn (${c.plan})`);
  if (!c.needsDueOn && f.dueOn) out.push('a good finding has no deadline');
  if (f.subjectKind && !f.subjectOfUnit) out.push('the subject does not belong to the unit');
  return out;
}

/** The finding's state when it is delivered: awaiting the unit's answer, or nothing to answer (good). */
export const deliveredStatus = (rating: Rating): FindingStatus => (CONSEQUENCES[rating].needsResponse ? 'awaiting_response' : 'no_action');

/**
 * What the unit's answer must contain: 工作不力 → the correction (及时纠正); 有不足 → the cause and the remedy
 * (找出原因,及时弥补); 走过场 → what was redone (及时“补课”).
 */
export function responseProblems(rating: Rating, r: { correction?: string; causeAnalysis?: string; remedy?: string }): Array<{ pointer: string; detail: string }> {
  const out: Array<{ pointer: string; detail: string }> = [];
  if (rating === 'deficient') {
    if (!r.causeAnalysis) out.push({ pointer: '/causeAnalysis', detail: '有不足之处的,要找出原因: causeAnalysis is required' });
    if (!r.remedy) out.push({ pointer: '/remedy', detail: '及时弥补: remedy is required' });
  } else if (!r.correction) {
    out.push({ pointer: '/correction', detail: rating === 'formalism' ? '及时“补课”: correction (what was redone) is required' : '及时纠正: correction is required' });
  }
  return out;
}

/** An answer is overdue while it is awaited and its deadline day has passed (Asia/Shanghai). */
export const findingOverdue = (status: FindingStatus | string, dueOn: string | null, today: string): boolean => status === 'awaiting_response' && dueOn !== null && dueOn < today;

/** 督办: issued → acknowledged (签收) → replied (反馈, repeatable) → closed (办结销号), or returned (退回) for another reply. */
export const ORDER_TRANSITIONS: Record<OrderAction, { from: readonly OrderStatus[]; to: OrderStatus }> = {
  acknowledge: { from: ['issued'], to: 'acknowledged' },
  reply: { from: ['acknowledged', 'replied', 'returned'], to: 'replied' },
  close: { from: ['replied'], to: 'closed' },
  return: { from: ['replied'], to: 'returned' },
};

export function nextOrderStatus(status: OrderStatus, action: OrderAction): OrderStatus | null {
  const t = ORDER_TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

/** 反馈 later than the end of the reply deadline day (Asia/Shanghai). */
export const answeredLate = (replyDueOn: string, repliedAt: Date): boolean => isPastDeadline(replyDueOn, repliedAt);

/** Days between two reminders of the same order. */
export const REMINDER_INTERVAL_DAYS = 3;
/** The reminder number from which the unit's parent is told (second reminder escalates). */
export const ESCALATE_AT = 2;

/**
 * 催办: an order awaits a reply (issued, acknowledged or returned) and its reply deadline day has passed; the first
 * reminder comes the day after the deadline, each next one REMINDER_INTERVAL_DAYS after the previous.
 */
export function reminderDue(o: { status: OrderStatus | string; replyDueOn: string; reminderCount: number; lastRemindedOn: string | null }, today: string): boolean {
  if (!['issued', 'acknowledged', 'returned'].includes(o.status)) return false;
  if (!(o.replyDueOn < today)) return false;
  if (o.reminderCount === 0 || !o.lastRemindedOn) return true;
  return addDays(o.lastRemindedOn, REMINDER_INTERVAL_DAYS) <= today;
}

/** The second reminder (and every later one) escalates to the unit's parent (上级). */
export const escalates = (reminderNumber: number): boolean => reminderNumber >= ESCALATE_AT;

/** An order is overdue while it awaits a reply and its deadline has passed. */
export const orderOverdue = (status: string, replyDueOn: string, today: string): boolean => ['issued', 'acknowledged', 'returned'].includes(status) && replyDueOn < today;

/**
 * The scorecard's ranking score: Σ weight × figure. Good work counts up (总结推广成功经验, 先进), late, missing,
 * sent-back and exposed work counts down; figures without a weight are context only.
 */
export const SCORE_WEIGHTS: Readonly<Record<string, number>> = {
  phaseReportsOnTime: 2,
  phaseReportsLate: -1,
  phaseReportsMissing: -3,
  itemsCompletedOnTime: 2,
  itemsOverdue: -2,
  itemsSentBack: -3,
  commitmentsKept: 1,
  findingsGood: 2,
  findingsInsufficient: -1,
  findingsDeficient: -2,
  findingsFormalism: -4,
  findingAnswersOverdue: -1,
  ordersAnsweredLate: -1,
  ordersUnansweredOverdue: -2,
  reminders: -1,
  commendations: 3,
  exposures: -5,
};

export const SCORE_FORMULA = `score = ${Object.entries(SCORE_WEIGHTS).map(([k, w]) => `${w > 0 ? '+' : '−'}${Math.abs(w)}·${k}`).join(' ')}`;

export function score(figures: Readonly<Record<string, number>>): number {
  let s = 0;
  for (const [k, w] of Object.entries(SCORE_WEIGHTS)) s += w * (figures[k] ?? 0);
  return s;
}

/** Competition ranking: best score first; equal scores share a rank (1, 2, 2, 4); ties in order by unit id. */
export function rank<T extends { unitId: string; score: number }>(rows: readonly T[]): Array<T & { rank: number }> {
  const sorted = [...rows].sort((a, b) => b.score - a.score || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
  let last: number | null = null;
  let r = 0;
  return sorted.map((row, i) => {
    if (row.score !== last) {
      r = i + 1;
      last = row.score;
    }
    return { ...row, rank: r };
  });
}
