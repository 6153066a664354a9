// Pure rules of publicity, quoting the plan's (五)加强舆论宣传: "要大力宣传各级各部门...的好做法、新成效和好经验 ...
// 要大力宣传...涌现出来的先进集体和先进个人 ... 要通过各级新闻媒体公开曝光一批损害群众利益、破坏经济社会发展环境的典型案例的
// 查处情况,公开曝光一批干部作风不实、机关效能低下、落实工作不力、群众反映强烈的单位和个人,并追究责任".

export type PublicityKind = 'good_practice' | 'advanced_collective' | 'advanced_individual' | 'exposed_case';
export type PublicityStatus = 'draft' | 'approved' | 'published' | 'withdrawn';
export type PublicityAction = 'approve' | 'publish' | 'withdraw';

/** draft → approved (admin, an optional reason) → published (with a reason) → withdrawn (with a reason). */
export const PUBLICITY_TRANSITIONS: Record<PublicityAction, { from: readonly PublicityStatus[]; to: PublicityStatus }> = {
  approve: { from: ['draft'], to: 'approved' },
  publish: { from: ['approved'], to: 'published' },
  withdraw: { from: ['published'], to: 'withdrawn' },
};

export function nextPublicityStatus(status: PublicityStatus, action: PublicityAction): PublicityStatus | null {
  const t = PUBLICITY_TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

export const isCommendation = (kind: PublicityKind): boolean => kind !== 'exposed_case';

/**
 * What each kind must carry from its draft on: 先进集体 a unit; 先进个人 the person's name; 好做法 the unit whose
 * practice it is; 典型案例 the unit or person exposed (公开曝光...单位和个人).
 */
export function recordProblems(r: { kind: PublicityKind; unitId?: string | null; personName?: string | null }): Array<{ pointer: string; detail: string }> {
  const out: Array<{ pointer: string; detail: string }> = [];
  if ((r.kind === 'advanced_collective' || r.kind === 'good_practice') && !r.unitId) out.push({ pointer: '/unitId', detail: `${r.kind} names the unit (先进集体 / 各级各部门的好做法)` });
  if (r.kind === 'advanced_individual' && !r.personName) out.push({ pointer: '/personName', detail: 'advanced_individual names the person (先进个人)' });
  if (r.kind === 'exposed_case' && !r.unitId && !r.personName) out.push({ pointer: '/unitId', detail: 'exposed_case names the unit or the person exposed (公开曝光...单位和个人)' });
  return out;
}

/**
 * What a record must carry before it is approved (审核) for publication: an exposed case publishes the handling
 * (典型案例的查处情况) and the accountability taken (并追究责任). A draft may lack them while the case is still being
 * handled; approval (and so publication, which only follows approval) may not.
 */
export function approvalProblems(r: { kind: PublicityKind; handling?: string | null; accountabilityCount: number }): Array<{ pointer: string; detail: string }> {
  const out: Array<{ pointer: string; detail: string }> = [];
  if (r.kind === 'exposed_case') {
    if (!r.handling) out.push({ pointer: '/handling', detail: 'exposed_case needs the handling (查处情况) before it is approved' });
    if (r.accountabilityCount === 0) out.push({ pointer: '/accountability', detail: 'exposed_case needs the accountability taken (并追究责任) before it is approved' });
  }
  return out;
}

/** A commendation comes from findings rated good (总结推广成功经验); an exposure from findings that were not. */
export function linkedRatingProblem(kind: PublicityKind, rating: string): string | null {
  if (isCommendation(kind) && rating !== 'good') return `a ${kind} record links only findings rated good; this one is ${rating}`;
  if (!isCommendation(kind) && rating === 'good') return 'an exposed_case links only findings rated insufficient, deficient or formalism';
  return null;
}
