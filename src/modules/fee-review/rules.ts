// The fee-cleanup rules F1–F5 of task 5 (1) of the plan (全面清理行政事业性收费), as pure functions.
//
// 行政性收费除国家规定的收费项目外,一律予以取消;事业性收费除国家规定项目和确有必要保留的自治区规定项目外,
// 一律予以取消;收费标准有幅度的,一律按下限执行。……送自治区财政厅、物价局审核,……提请自治区人民政府常务会议
// 审定后向社会公布,凡不在公布目录的行政事业性收费一律停止执行。

export type FeeCategory = 'administrative' | 'institutional';
export type BasisLevel = 'national' | 'regional';
export type FeeOutcome = 'retain' | 'cancel';
export type FindingEffect = 'retain' | 'cancel' | 'lower_bound';
export type RuleId = 'F1' | 'F2' | 'F3' | 'F4' | 'F5';

export type Standard =
  | { kind: 'fixed'; amountFen: number; per: string }
  | { kind: 'range'; minFen: number; maxFen: number; per: string };

export interface Finding {
  ruleId: RuleId;
  effect: FindingEffect;
  detail: string;
}

export interface FeeFacts {
  category: FeeCategory;
  basisLevel: BasisLevel;
  standard: Standard;
  /** The agency's declaration that a regional institutional fee is truly necessary (确有必要保留). */
  keptAsNecessary?: boolean | null;
  necessityJustification?: string | null;
}

/**
 * F1 行政性收费除国家规定的收费项目外,一律予以取消。
 * An administrative fee not set by the state is cancelled, 一律 (no justification can save it).
 * Returns null for institutional fees (F2 decides them).
 */
export function f1(fee: Pick<FeeFacts, 'category' | 'basisLevel'>): Finding | null {
  if (fee.category !== 'administrative') return null;
  if (fee.basisLevel === 'national') return { ruleId: 'F1', effect: 'retain', detail: '国家规定的行政性收费项目: 可以保留' };
  return { ruleId: 'F1', effect: 'cancel', detail: '行政性收费除国家规定的收费项目外,一律予以取消' };
}

/**
 * F2 事业性收费除国家规定项目和确有必要保留的自治区规定项目外,一律予以取消。
 * An institutional fee is cancelled unless it is national, or regional and declared truly necessary with a justification.
 */
export function f2(fee: Pick<FeeFacts, 'category' | 'basisLevel' | 'keptAsNecessary' | 'necessityJustification'>): Finding | null {
  if (fee.category !== 'institutional') return null;
  if (fee.basisLevel === 'national') return { ruleId: 'F2', effect: 'retain', detail: '国家规定的事业性收费项目: 可以保留' };
  const justified = fee.keptAsNecessary === true && (fee.necessityJustification ?? '').trim().length > 0;
  if (justified) return { ruleId: 'F2', effect: 'retain', detail: '确有必要保留的自治区规定事业性收费项目: 可以保留(已说明理由)' };
  if (fee.keptAsNecessary === true) {
    return { ruleId: 'F2', effect: 'cancel', detail: '自治区规定的事业性收费申报确有必要保留,但未说明理由: 一律予以取消' };
  }
  return { ruleId: 'F2', effect: 'cancel', detail: '事业性收费除国家规定项目和确有必要保留的自治区规定项目外,一律予以取消' };
}

/**
 * F3 收费标准有幅度的,一律按下限执行。
 * The approved standard of a retained fee: the amount of a fixed standard, the lower bound of a range. Computed, never typed.
 */
export function approvedStandardFen(standard: Standard): number {
  return standard.kind === 'range' ? standard.minFen : standard.amountFen;
}

export function f3(standard: Standard): Finding | null {
  if (standard.kind !== 'range' || standard.minFen === standard.maxFen) return null;
  return { ruleId: 'F3', effect: 'lower_bound', detail: `收费标准有幅度的,一律按下限执行: ${standard.minFen} 分/${standard.per}` };
}

export interface Evaluation {
  findings: Finding[];
  recommendedOutcome: FeeOutcome;
  /** The standard the fee would be charged at if retained (F3); null when the recommendation is cancel. */
  approvedStandardFen: number | null;
}

/** F1–F3 together: the findings of a declared fee and the outcome the rules recommend. */
export function evaluateFee(fee: FeeFacts): Evaluation {
  const findings = [f1(fee), f2(fee)].filter((f): f is Finding => f !== null);
  const cancel = findings.some((f) => f.effect === 'cancel');
  if (cancel) return { findings, recommendedOutcome: 'cancel', approvedStandardFen: null };
  const lower = f3(fee.standard);
  if (lower) findings.push(lower);
  return { findings, recommendedOutcome: 'retain', approvedStandardFen: approvedStandardFen(fee.standard) };
}

/** The rule that forbids retaining this fee (F1 or F2), or null when retaining it is allowed. */
export function retainForbiddenBy(fee: FeeFacts): Finding | null {
  return evaluateFee(fee).findings.find((f) => f.effect === 'cancel') ?? null;
}

/**
 * F4 送自治区财政厅、物价局审核 … 提请自治区人民政府常务会议审定。
 * Both the finance and the price opinion are required before the executive meeting decides. Returns what is missing.
 */
export function missingOpinions(review: { financeVerdict: string | null; priceVerdict: string | null }): Array<'finance' | 'price'> {
  const missing: Array<'finance' | 'price'> = [];
  if (!review.financeVerdict) missing.push('finance');
  if (!review.priceVerdict) missing.push('price');
  return missing;
}

export type CheckReason = 'listed' | 'cancelled' | 'not_in_catalogue' | 'no_catalogue';

/**
 * F5 凡不在公布目录的行政事业性收费一律停止执行。
 * A fee may be charged only when it is listed (retained) in the current published catalogue, at its approved standard.
 */
export function f5(entry: { status: 'retained' | 'cancelled' } | undefined, catalogueVersion: number | null): { permitted: boolean; reason: CheckReason } {
  if (catalogueVersion === null) return { permitted: false, reason: 'no_catalogue' };
  if (!entry) return { permitted: false, reason: 'not_in_catalogue' };
  return entry.status === 'retained' ? { permitted: true, reason: 'listed' } : { permitted: false, reason: 'cancelled' };
}
