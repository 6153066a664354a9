// The plan's rules of supervision and publicity as tables, with the plan's sentences.
import {
  CONSEQUENCES, SCORE_FORMULA, answeredLate, deliveredStatus, deliversOnRecord, escalates, findingOverdue, findingProblems, isSecret, nextInspectionStatus, nextOrderStatus,
  orderOverdue, rank, reminderDue, responseProblems, score, type InspectionAction, type InspectionStatus, type OrderAction, type OrderStatus, type Rating,
} from '../../../src/modules/supervision/rules.js';
import { approvalProblems, linkedRatingProblem, nextPublicityStatus, recordProblems, type PublicityAction, type PublicityStatus } from '../../../src/modules/publicity/rules.js';

describe('采取单位自查、上级抽查、组织检查、明察暗访相结合的有效方式: the inspection lifecycle', () => {
  test.each<[InspectionStatus, InspectionAction, InspectionStatus | null]>([
    ['planned', 'start', 'in_progress'],
    ['in_progress', 'start', null],
    ['in_progress', 'conclude', 'concluded'],
    ['planned', 'conclude', null],
    ['concluded', 'conclude', null],
  ])('when %s gets %s, then %s', (from, action, to) => expect(nextInspectionStatus(from, action)).toBe(to));

  test.each<[string, InspectionStatus, boolean, boolean]>([
    ['unannounced', 'planned', true, false],
    ['unannounced', 'in_progress', true, false],
    ['unannounced', 'concluded', false, false],
    ['spot_check', 'in_progress', false, true],
    ['self_check', 'planned', false, true],
    ['organised', 'in_progress', false, true],
  ])('明察暗访 stays unannounced: %s %s is secret=%s, delivers findings on record=%s', (kind, status, secret, onRecord) => {
    expect(isSecret(kind, status)).toBe(secret);
    expect(deliversOnRecord(kind)).toBe(onRecord);
  });
});

describe('发现工作不力的,要明确指出,及时纠正;有不足之处的,要找出原因,及时弥补;走过场或搞形式主义的,要严肃批评,及时“补课”', () => {
  test.each<[Rating, boolean, boolean, boolean, string]>([
    ['good', false, false, true, '总结推广成功经验'],
    ['insufficient', true, false, false, '及时纠正'],
    ['deficient', true, false, false, '找出原因,及时弥补'],
    ['formalism', true, true, true, '及时“补课”'],
  ])('%s: needs an answer %s, sends the subject back %s, may be publicised %s (%s)', (rating, answer, sendsBack, publicity, words) => {
    expect(CONSEQUENCES[rating]).toMatchObject({ needsResponse: answer, needsDueOn: answer, sendsBack, publicityEligible: publicity });
    expect(CONSEQUENCES[rating].plan).toContain(words);
    expect(deliveredStatus(rating)).toBe(answer ? 'awaiting_response' : 'no_action');
  });

  test.each<[Rating, string | null, boolean, boolean, string[]]>([
    ['insufficient', '2027-04-01', true, true, []],
    ['insufficient', null, true, true, ['a insufficient finding needs dueOn (发现工作不力的,要明确指出,及时纠正)']],
    ['good', '2027-04-01', true, true, ['a good finding has no deadline']],
    ['formalism', '2027-04-01', false, true, ['the unit is not one of the inspected units']],
    ['deficient', '2027-04-01', true, false, ['the subject does not belong to the unit']],
  ])('a %s finding due %s (unit inspected %s, subject the unit’s %s) has problems %j', (rating, dueOn, unitInspected, subjectOfUnit, expected) => {
    expect(findingProblems({ rating, dueOn, subjectKind: 'rectification_item', unitInspected, subjectOfUnit })).toEqual(expected);
  });

  test.each<[Rating, Record<string, string>, string[]]>([
    ['insufficient', { correction: '已纠正' }, []],
    ['insufficient', {}, ['/correction']],
    ['deficient', { causeAnalysis: '制度不健全', remedy: '建立制度' }, []],
    ['deficient', { correction: '已纠正' }, ['/causeAnalysis', '/remedy']],
    ['formalism', { correction: '已补课' }, []],
    ['formalism', { remedy: 'x' }, ['/correction']],
  ])('the answer to %s with %j misses %j', (rating, answer, pointers) => {
    expect(responseProblems(rating, answer).map((p) => p.pointer)).toEqual(pointers);
  });

  // Each answer is told which of the plan's words it misses: 及时纠正, 找出原因/及时弥补, 及时“补课”.
  test.each<[Rating, Record<string, string>, Array<{ pointer: string; detail: string }>]>([
    ['insufficient', {}, [{ pointer: '/correction', detail: '及时纠正: correction is required' }]],
    ['deficient', {}, [
      { pointer: '/causeAnalysis', detail: '有不足之处的,要找出原因: causeAnalysis is required' },
      { pointer: '/remedy', detail: '及时弥补: remedy is required' },
    ]],
    ['formalism', {}, [{ pointer: '/correction', detail: '及时“补课”: correction (what was redone) is required' }]],
  ])('the answer to %s with %j is told %j', (rating, answer, problems) => {
    expect(responseProblems(rating, answer)).toEqual(problems);
  });

  test.each<[string, string | null, string, boolean]>([
    ['awaiting_response', '2027-03-31', '2027-03-31', false],
    ['awaiting_response', '2027-03-31', '2027-04-01', true],
    ['responded', '2027-03-31', '2027-04-01', false],
    ['no_action', null, '2027-04-01', false],
  ])('a finding %s due %s on %s is overdue=%s', (status, dueOn, today, expected) => expect(findingOverdue(status, dueOn, today)).toBe(expected));
});

describe('督办 and 催办', () => {
  test.each<[OrderStatus, OrderAction, OrderStatus | null]>([
    ['issued', 'acknowledge', 'acknowledged'],
    ['issued', 'reply', null],
    ['acknowledged', 'reply', 'replied'],
    ['replied', 'reply', 'replied'],
    ['returned', 'reply', 'replied'],
    ['replied', 'close', 'closed'],
    ['acknowledged', 'close', null],
    ['replied', 'return', 'returned'],
    ['closed', 'return', null],
  ])('when %s gets %s, then %s', (from, action, to) => expect(nextOrderStatus(from, action)).toBe(to));

  test.each<[string, string, boolean]>([
    ['2027-03-05', '2027-03-05T15:59:59Z', false],
    ['2027-03-05', '2027-03-05T16:00:00Z', true],
  ])('a reply due %s at %s is late=%s (end of the day, Asia/Shanghai)', (due, at, late) => expect(answeredLate(due, new Date(at))).toBe(late));

  test.each<[OrderStatus, number, string | null, string, boolean]>([
    ['issued', 0, null, '2027-03-05', false],
    ['issued', 0, null, '2027-03-06', true],
    ['acknowledged', 1, '2027-03-06', '2027-03-08', false],
    ['acknowledged', 1, '2027-03-06', '2027-03-09', true],
    ['returned', 2, '2027-03-09', '2027-03-12', true],
    ['replied', 0, null, '2027-04-01', false],
    ['closed', 0, null, '2027-04-01', false],
    // No reminder counted yet: the first is due the day after the deadline, whatever day is on record.
    ['issued', 0, '2027-03-06', '2027-03-07', true],
    // A count without a day on record: no interval to wait for.
    ['acknowledged', 1, null, '2027-03-07', true],
  ])('an order %s with %d reminders (last %s) due 2027-03-05 gets a reminder on %s: %s', (status, reminderCount, lastRemindedOn, today, due) => {
    expect(reminderDue({ status, replyDueOn: '2027-03-05', reminderCount, lastRemindedOn }, today)).toBe(due);
  });

  test('the second reminder escalates to the parent, the first does not', () => {
    expect([1, 2, 3].map(escalates)).toEqual([false, true, true]);
  });

  test.each<[string, string, boolean]>([
    ['issued', '2027-03-06', true],
    ['replied', '2027-03-06', false],
    ['acknowledged', '2027-03-05', false],
    ['acknowledged', '2027-03-06', true],
    ['returned', '2027-03-06', true],
    ['closed', '2027-03-06', false],
  ])('an order %s due 2027-03-05 on %s is overdue=%s', (status, today, expected) => expect(orderOverdue(status, '2027-03-05', today)).toBe(expected));
});

describe('the scorecard', () => {
  test('score weighs good work up and late, missing, sent-back and exposed work down', () => {
    expect(score({ phaseReportsOnTime: 2, commendations: 1 })).toBe(7);
    expect(score({ itemsSentBack: 1, findingsFormalism: 1, reminders: 2, exposures: 1, ordersUnansweredOverdue: 1 })).toBe(-3 - 4 - 2 - 5 - 2);
    expect(score({ commitmentsMade: 10 })).toBe(0);
  });
  // 总结推广成功经验 counts up; late, missing, overdue, sent-back, badly rated and exposed work counts down.
  test.each<[string, number]>([
    ['phaseReportsOnTime', 2],
    ['phaseReportsLate', -1],
    ['phaseReportsMissing', -3],
    ['itemsCompletedOnTime', 2],
    ['itemsOverdue', -2],
    ['itemsSentBack', -3],
    ['commitmentsKept', 1],
    ['findingsGood', 2],
    ['findingsInsufficient', -1],
    ['findingsDeficient', -2],
    ['findingsFormalism', -4],
    ['findingAnswersOverdue', -1],
    ['ordersAnsweredLate', -1],
    ['ordersUnansweredOverdue', -2],
    ['reminders', -1],
    ['commendations', 3],
    ['exposures', -5],
  ])('one %s weighs %d', (figure, weight) => expect(score({ [figure]: 1 })).toBe(weight));

  test('the published formula lists every weight with its sign', () => {
    expect(SCORE_FORMULA).toBe(
      'score = +2·phaseReportsOnTime −1·phaseReportsLate −3·phaseReportsMissing +2·itemsCompletedOnTime −2·itemsOverdue −3·itemsSentBack ' +
        '+1·commitmentsKept +2·findingsGood −1·findingsInsufficient −2·findingsDeficient −4·findingsFormalism −1·findingAnswersOverdue ' +
        '−1·ordersAnsweredLate −2·ordersUnansweredOverdue −1·reminders +3·commendations −5·exposures',
    );
  });

  test.each<[string[], string[]]>([
    [['c', 'b', 'a'], ['a', 'b', 'c']],
    [['b', 'd', 'a', 'c'], ['a', 'b', 'c', 'd']],
    [['a', 'c', 'b'], ['a', 'b', 'c']],
  ])('equal scores of units %j are listed by unit id %j, all ranked 1', (ids, sorted) => {
    const ranked = rank(ids.map((unitId) => ({ unitId, score: 3 })));
    expect(ranked.map((r) => r.unitId)).toEqual(sorted);
    expect(ranked.map((r) => r.rank)).toEqual(sorted.map(() => 1));
  });

  test('ranks share a place on equal scores (1, 2, 2, 4), ties listed by unit id', () => {
    expect(rank([{ unitId: 'd', score: 1 }, { unitId: 'c', score: 5 }, { unitId: 'a', score: 3 }, { unitId: 'b', score: 3 }]).map((r) => [r.unitId, r.rank])).toEqual([['c', 1], ['a', 2], ['b', 2], ['d', 4]]);
  });
});

describe('要通过各级新闻媒体公开曝光...典型案例的查处情况...并追究责任', () => {
  test.each<[PublicityStatus, PublicityAction, PublicityStatus | null]>([
    ['draft', 'approve', 'approved'],
    ['draft', 'publish', null],
    ['approved', 'publish', 'published'],
    ['published', 'withdraw', 'withdrawn'],
    ['withdrawn', 'publish', null],
  ])('when %s gets %s, then %s', (from, action, to) => expect(nextPublicityStatus(from, action)).toBe(to));

  // A draft names who it is about; the handling and accountability of an exposed case are asked for at approval.
  test.each<[Parameters<typeof recordProblems>[0], string[]]>([
    [{ kind: 'exposed_case', unitId: 'u' }, []],
    [{ kind: 'exposed_case', personName: '张某' }, []],
    [{ kind: 'exposed_case' }, ['/unitId']],
    [{ kind: 'advanced_individual' }, ['/personName']],
    [{ kind: 'advanced_collective' }, ['/unitId']],
    [{ kind: 'good_practice', unitId: 'u' }, []],
  ])('when a draft is %j, then it misses %j', (record, pointers) => expect(recordProblems(record).map((p) => p.pointer)).toEqual(pointers));

  test.each<[Parameters<typeof approvalProblems>[0], string[]]>([
    [{ kind: 'exposed_case', handling: '查处', accountabilityCount: 1 }, []],
    [{ kind: 'exposed_case', accountabilityCount: 1 }, ['/handling']],
    [{ kind: 'exposed_case', handling: '查处', accountabilityCount: 0 }, ['/accountability']],
    [{ kind: 'exposed_case', handling: null, accountabilityCount: 0 }, ['/handling', '/accountability']],
    [{ kind: 'advanced_individual', accountabilityCount: 0 }, []],
    [{ kind: 'good_practice', accountabilityCount: 0 }, []],
  ])('when %j is approved, then it misses %j', (record, pointers) => expect(approvalProblems(record).map((p) => p.pointer)).toEqual(pointers));

  test.each<[Parameters<typeof linkedRatingProblem>[0], string, boolean]>([
    ['good_practice', 'good', true],
    ['good_practice', 'formalism', false],
    ['exposed_case', 'formalism', true],
    ['exposed_case', 'good', false],
  ])('%s may link a %s finding: %s', (kind, rating, ok) => expect(linkedRatingProblem(kind, rating) === null).toBe(ok));

  // Each record is told which of the plan's words it misses: 先进集体, 好做法, 先进个人, 公开曝光...单位和个人, 查处情况, 并追究责任.
  test.each<[Parameters<typeof recordProblems>[0], Array<{ pointer: string; detail: string }>]>([
    [{ kind: 'good_practice' }, [{ pointer: '/unitId', detail: 'good_practice names the unit (先进集体 / 各级各部门的好做法)' }]],
    [{ kind: 'advanced_collective' }, [{ pointer: '/unitId', detail: 'advanced_collective names the unit (先进集体 / 各级各部门的好做法)' }]],
    [{ kind: 'advanced_individual' }, [{ pointer: '/personName', detail: 'advanced_individual names the person (先进个人)' }]],
    [{ kind: 'exposed_case' }, [{ pointer: '/unitId', detail: 'exposed_case names the unit or the person exposed (公开曝光...单位和个人)' }]],
  ])('%j is told %j', (record, problems) => expect(recordProblems(record)).toEqual(problems));

  test('when an exposed case without handling or accountability is approved, then it is told both, in the plan’s words', () =>
    expect(approvalProblems({ kind: 'exposed_case', accountabilityCount: 0 })).toEqual([
      { pointer: '/handling', detail: 'exposed_case needs the handling (查处情况) before it is approved' },
      { pointer: '/accountability', detail: 'exposed_case needs the accountability taken (并追究责任) before it is approved' },
    ]));

  // 总结推广成功经验 / 公开曝光一批...: the refusal names the kind and the rating it was given.
  test.each<[Parameters<typeof linkedRatingProblem>[0], string, string]>([
    ['advanced_individual', 'deficient', 'a advanced_individual record links only findings rated good; this one is deficient'],
    ['exposed_case', 'good', 'an exposed_case links only findings rated insufficient, deficient or formalism'],
  ])('%s linking a %s finding is told %j', (kind, rating, detail) => expect(linkedRatingProblem(kind, rating)).toBe(detail));
});
