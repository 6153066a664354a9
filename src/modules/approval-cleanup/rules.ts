// The plan's rules A1–A6 for the approval-item cleanup (task 3 (1)–(3) of 干部作风效能建设工作方案), as pure functions.
// 一律 = must (a departure passes legal review only with a recorded override); 原则上 = by default (a departure needs
// a justification). Each function answers one finding or null; `findingsFor` runs them all.

export type Disposition = 'retain' | 'cancel' | 'delegate' | 'merge' | (string & {});
export type Severity = 'required' | 'principle' | 'info';
export type RuleId = 'A1' | 'A2' | 'A3' | 'A4' | 'A5' | 'A6';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** True when the proposal departs from the rule (info findings never do). */
  departure: boolean;
  message: string;
  recommendation: Disposition | null;
}

export interface RuleBasis {
  level: string;
  role?: string;
}

export interface RuleItem {
  id: string;
  kind: string;
  bases: RuleBasis[];
  siblingProvinces: string;
  statutoryLevel: string | null;
  mainlyImplementedAt: string | null;
}

export interface RuleProposal {
  disposition: Disposition;
  delegateTo?: string | null;
  mergeIntoItemId?: string | null;
}

/** What A4 needs to know about the merge target: its catalogue status and what this campaign does with it. */
export interface MergeTarget {
  id: string;
  status: string;
  /** The target's own disposition in this campaign (the furthest stage's), or null when it has no review. */
  disposition: Disposition | null;
  /** Where the target itself merges to, when its disposition is merge. */
  mergeIntoItemId?: string | null;
}

export interface FollowUp {
  stepsBefore?: number;
  stepsAfter?: number;
  timeLimitDaysBefore?: number;
  timeLimitDaysAfter?: number;
  receivingUnitId?: string;
  handoverOn?: string;
  processingUnit?: string;
  supervisionMeasure?: string;
}

export interface RuleContext {
  mergeTarget?: MergeTarget | null;
  /** The stage of the review: A3 and A6 speak once the executive meeting has decided. */
  decided?: boolean;
  followUp?: FollowUp | null;
}

/** The basis levels at or above the State Council (国务院有明确规定): a law, an administrative regulation, a decision or document. */
const STATE_COUNCIL_OR_ABOVE = new Set(['law', 'administrative_regulation', 'state_council_decision', 'state_council_document']);

const settingBases = (item: RuleItem) => item.bases.filter((b) => (b.role ?? 'setting') === 'setting');

/**
 * A1 — 重点是清理自治区地方性法规设定的行政许可项目,兄弟省(区、市)没有设定或原来设有现已取消的,我区原则上也要取消。
 * A licence set by a regional regulation (no setting basis of a higher level) that sibling provinces do not set, or set
 * and cancelled → cancel, 原则上 (a departure needs a justification).
 */
export function ruleA1(item: RuleItem, p: RuleProposal): Finding | null {
  if (item.kind !== 'licence') return null;
  const setting = settingBases(item);
  const byRegionalRegulation = setting.some((b) => b.level === 'regional_regulation') && !setting.some((b) => STATE_COUNCIL_OR_ABOVE.has(b.level));
  if (!byRegionalRegulation) return null;
  if (item.siblingProvinces !== 'none_set' && item.siblingProvinces !== 'set_then_cancelled') return null;
  if (p.disposition === 'cancel') {
    return { rule: 'A1', severity: 'info', departure: false, message: '自治区地方性法规设定的行政许可,兄弟省(区、市)没有设定或已取消:拟取消,符合原则。', recommendation: 'cancel' };
  }
  return {
    rule: 'A1',
    severity: 'principle',
    departure: true,
    message: '自治区地方性法规设定的行政许可项目,兄弟省(区、市)没有设定或原来设有现已取消的,我区原则上也要取消;不取消须说明理由。',
    recommendation: 'cancel',
  };
}

/**
 * A2 — 对非行政许可审批项目,除国务院有明确规定外,我区原则上一律取消。
 * A non-licence approval without a basis of the State Council (or above) → cancel; treated as 一律 (required).
 */
export function ruleA2(item: RuleItem, p: RuleProposal): Finding | null {
  if (item.kind !== 'non_licence') return null;
  if (item.bases.some((b) => STATE_COUNCIL_OR_ABOVE.has(b.level))) return null;
  if (p.disposition === 'cancel') {
    return { rule: 'A2', severity: 'info', departure: false, message: '非行政许可审批项目,国务院无明确规定:拟取消,符合规定。', recommendation: 'cancel' };
  }
  return {
    rule: 'A2',
    severity: 'required',
    departure: true,
    message: '对非行政许可审批项目,除国务院有明确规定外,我区原则上一律取消;本项目无国务院层级的依据。',
    recommendation: 'cancel',
  };
}

/**
 * A3 — 确需保留的行政许可项目和非行政许可审批项目,要报经自治区人民政府常务会议讨论决定。
 * Every retained item needs the executive meeting's decision: an info finding until it is decided.
 */
export function ruleA3(_item: RuleItem, p: RuleProposal, ctx: RuleContext = {}): Finding | null {
  if (p.disposition !== 'retain' || ctx.decided) return null;
  return { rule: 'A3', severity: 'info', departure: false, message: '确需保留的审批项目,要报经自治区人民政府常务会议讨论决定。', recommendation: null };
}

/**
 * A4 — 对于设定依据相同、审批内容相互包容或审批内容联系紧密的行政审批项目,一律采取合并方式处理。
 * A merge needs a target that is itself retained (active, not cancelled, delegated or merged away), other than the
 * item itself: no merge chains, no cycles (一律).
 */
export function ruleA4(item: RuleItem, p: RuleProposal, ctx: RuleContext = {}): Finding | null {
  if (p.disposition !== 'merge') return null;
  const t = ctx.mergeTarget;
  const bad = (message: string): Finding => ({ rule: 'A4', severity: 'required', departure: true, message, recommendation: 'merge' });
  if (!p.mergeIntoItemId || !t) return bad('合并须指明并入的事项。');
  if (t.id === item.id) return bad('事项不能并入自身。');
  if (t.status !== 'active') return bad('并入的事项已不在目录中(已取消、下放或合并),合并目标必须是保留的事项。');
  if (t.disposition === 'merge') {
    return bad(t.mergeIntoItemId === item.id ? '两个事项互相合并,构成循环。' : '并入的事项本身拟合并到其他事项,不允许合并链。');
  }
  if (t.disposition && t.disposition !== 'retain') return bad('并入的事项拟取消或下放,合并目标必须是保留的事项。');
  return { rule: 'A4', severity: 'info', departure: false, message: '设定依据相同或内容联系紧密的事项一律合并:并入保留的事项。', recommendation: 'merge' };
}

/**
 * A5 — 对于法律、法规规定由县级以上政府部门审批,实际操作过程中主要由市、县实施的项目,一律下放给市、县审批。
 * Statute says county level and above, practice mainly at city/county → delegate (一律). Cancelling goes further and
 * is no departure.
 */
export function ruleA5(item: RuleItem, p: RuleProposal): Finding | null {
  if (item.statutoryLevel !== 'county_and_above') return null;
  if (item.mainlyImplementedAt !== 'city' && item.mainlyImplementedAt !== 'county') return null;
  if (p.disposition === 'delegate' || p.disposition === 'cancel') {
    return { rule: 'A5', severity: 'info', departure: false, message: '法律法规规定由县级以上政府部门审批、主要由市县实施的项目:拟下放,符合规定。', recommendation: 'delegate' };
  }
  return {
    rule: 'A5',
    severity: 'required',
    departure: true,
    message: `法律、法规规定由县级以上政府部门审批,实际主要由${item.mainlyImplementedAt === 'city' ? '市' : '县'}实施的项目,一律下放给市、县审批。`,
    recommendation: 'delegate',
  };
}

/**
 * A6 — 决定保留的行政审批项目,要简化审批环节,优化审批程序,提高审批效率;决定下放的审批项目,要明确审批主体,落实审批责任,
 * 做好上下的衔接工作;决定合并的审批项目,要做好同一机关内部工作职责的整合,集中一个机构办理;决定取消的审批项目,要加强事后监督,
 * 不允许把备案、核准变成变相审批。
 * Once decided: the follow-up is due; a retained item whose follow-up cuts neither steps nor time limit departs (原则上).
 */
export function ruleA6(_item: RuleItem, p: RuleProposal, ctx: RuleContext = {}): Finding | null {
  if (!ctx.decided) return null;
  const f = ctx.followUp;
  if (!f) {
    const what: Record<string, string> = {
      retain: '简化审批环节、压缩办理时限(前后对比)',
      delegate: '明确承接的审批主体和交接日期',
      merge: '集中一个机构办理',
      cancel: '加强事后监督的措施,不允许把备案、核准变成变相审批',
    };
    return { rule: 'A6', severity: 'info', departure: false, message: `待报送后续规范:${what[p.disposition] ?? '后续规范措施'}。`, recommendation: null };
  }
  if (p.disposition === 'retain') {
    const fewerSteps = f.stepsAfter !== undefined && f.stepsBefore !== undefined && f.stepsAfter < f.stepsBefore;
    const shorter = f.timeLimitDaysAfter !== undefined && f.timeLimitDaysBefore !== undefined && f.timeLimitDaysAfter < f.timeLimitDaysBefore;
    if (!fewerSteps && !shorter) {
      return { rule: 'A6', severity: 'principle', departure: true, message: '决定保留的审批项目,要简化审批环节、提高审批效率:环节和时限均未减少。', recommendation: null };
    }
  }
  return null;
}

export const RULES = [ruleA1, ruleA2, ruleA3, ruleA4, ruleA5, ruleA6] as const;

/** Every finding for an item and a proposal, in rule order. */
export function findingsFor(item: RuleItem, p: RuleProposal, ctx: RuleContext = {}): Finding[] {
  const out: Finding[] = [];
  for (const rule of RULES) {
    const f = rule(item, p, ctx);
    if (f) out.push(f);
  }
  return out;
}

/** The departures a submit must justify (principle and required alike: an agency explains every departure). */
export const departures = (findings: Finding[], severity?: Severity): Finding[] =>
  findings.filter((f) => f.departure && (severity === undefined || f.severity === severity));

export interface BatchDecision {
  index: number;
  itemId: string;
  disposition: Disposition;
  mergeIntoItemId?: string | null;
}

export interface BatchViolation {
  index: number;
  rule: 'A4';
  detail: string;
}

/**
 * A4 across a decision batch: a merge target must be retained — active in the catalogue (`activeTarget`), not
 * cancelled, delegated or merged by this batch or by an earlier decision not yet announced (`pending`) — and
 * merges never chain or cycle.
 */
export function checkMergeBatch(
  decisions: BatchDecision[],
  targetStatus: (itemId: string) => string | null,
  pending: (itemId: string) => Disposition | null,
): BatchViolation[] {
  const inBatch = new Map<string, BatchDecision>();
  for (const d of decisions) inBatch.set(d.itemId, d);
  const out: BatchViolation[] = [];
  for (const d of decisions) {
    if (d.disposition !== 'merge') continue;
    const target = d.mergeIntoItemId;
    if (!target) {
      out.push({ index: d.index, rule: 'A4', detail: 'a merge needs the item it merges into' });
      continue;
    }
    if (target === d.itemId) {
      out.push({ index: d.index, rule: 'A4', detail: 'an item cannot merge into itself' });
      continue;
    }
    // Follow the chain to report a cycle as a cycle.
    const seen = new Set([d.itemId]);
    let cur: string | null | undefined = target;
    let cycle = false;
    while (cur && inBatch.get(cur)?.disposition === 'merge') {
      if (seen.has(cur)) {
        cycle = true;
        break;
      }
      seen.add(cur);
      cur = inBatch.get(cur)!.mergeIntoItemId;
      if (cur === d.itemId) {
        cycle = true;
        break;
      }
    }
    if (cycle) {
      out.push({ index: d.index, rule: 'A4', detail: `merging into ${target} forms a cycle of merges` });
      continue;
    }
    const status = targetStatus(target);
    if (status !== 'active') {
      out.push({ index: d.index, rule: 'A4', detail: `the merge target ${target} is ${status ?? 'not in the catalogue'}; it must be a retained, active item` });
      continue;
    }
    const fate = inBatch.get(target)?.disposition ?? pending(target);
    if (fate === 'merge') out.push({ index: d.index, rule: 'A4', detail: `the merge target ${target} itself merges into another item: no merge chains` });
    else if (fate && fate !== 'retain') out.push({ index: d.index, rule: 'A4', detail: `the merge target ${target} is being ${fate === 'cancel' ? 'cancelled' : 'delegated'}; it must be retained` });
  }
  return out;
}

const FILING_SUFFIXES = /(行政审批|审批|许可|核准|备案|审核|审定|登记|认定|确认|批准|核定|核发)+$/;

/** The core of an approval's name: without spaces, punctuation and the act word (审批、许可、备案、核准…). */
export function coreName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s()()【】\[\]“”"'《》、,,。.·:]/g, '')
    .replace(FILING_SUFFIXES, '');
}

/**
 * A6 (不允许把备案、核准变成变相审批): a new catalogue item of an agency whose name matches one of its cancelled items
 * (ignoring the act word, so 审批 coming back as 备案 or 核准 is caught). Answers the matching cancelled item.
 */
export function recreatedAsFiling<T extends { name: string }>(name: string, cancelled: readonly T[]): T | null {
  return filingMatcher(cancelled)(name);
}

/**
 * A6 for many names against one agency's cancelled items (imports): their core names are computed once, so each name
 * costs one coreName and one look-up instead of one coreName per cancelled item. The first cancelled item wins, as in
 * recreatedAsFiling.
 */
export function filingMatcher<T extends { name: string }>(cancelled: readonly T[]): (name: string) => T | null {
  const byCore = new Map<string, T>();
  for (const c of cancelled) {
    const core = coreName(c.name);
    if (core && !byCore.has(core)) byCore.set(core, c);
  }
  return (name) => {
    if (!byCore.size) return null;
    const core = coreName(name);
    return (core && byCore.get(core)) || null;
  };
}
