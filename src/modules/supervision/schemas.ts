// TypeBox schemas of supervision: inspections (督促检查), findings, supervision orders (督办/催办), the scorecard.
import { Type, type Static } from 'typebox';
import { defineEnum } from '../../lib/enums.js';
import { exportFormatParam } from '../../http/tabular/export-route.js';
import { idSchema } from '../../lib/ids.js';
import { PageOf, PageQuery, orderByParam } from '../../http/pagination.js';
import { ImportSheetQuery } from '../../http/tabular/index.js';
import { CONSEQUENCES, ESCALATE_AT, REMINDER_INTERVAL_DAYS } from './rules.js';
import { NonEmptyText } from '../../http/text-schema.js';

export const InspectionKindEnum = defineEnum('inspectionKind', 'How an inspection is carried out (采取单位自查、上级抽查、组织检查、明察暗访相结合的有效方式).', {
  self_check: '单位自查',
  spot_check: '上级抽查',
  organised: '组织检查',
  unannounced: '明察暗访',
});
export const InspectionStatusEnum = defineEnum('inspectionStatus', 'The lifecycle state of an inspection.', {
  planned: '计划',
  in_progress: '检查中',
  concluded: '已结束',
});
export const RatingEnum = defineEnum('findingRating', 'The rating of a finding and its consequence in the plan.', {
  good: '成效明显',
  insufficient: '工作不力',
  deficient: '有不足',
  formalism: '走过场/形式主义',
});
export const FindingStatusEnum = defineEnum('findingStatus', 'Where a finding stands.', {
  undelivered: '未送达(明察暗访结束前)',
  awaiting_response: '待整改反馈',
  responded: '已反馈',
  verified: '已核实',
  no_action: '无需整改',
});
export const SubjectKindEnum = defineEnum('inspectionSubjectKind', 'What an inspection looks at.', {
  phase_report: '阶段工作报告',
  rectification_item: '整改事项',
  commitment: '公开承诺',
  approval_review: '审批事项清理',
  fee_review: '收费项目清理',
});
export const OrderStatusEnum = defineEnum('supervisionOrderStatus', 'The lifecycle state of a supervision order (督办).', {
  issued: '已下达',
  acknowledged: '已签收',
  replied: '已反馈',
  returned: '已退回',
  closed: '已办结销号',
});

export const Id = idSchema;
const DateStr = (description: string) => Type.String({ format: 'date', maxLength: 10, description });
const Text = NonEmptyText;
const Instant = (description: string) => Type.String({ format: 'date-time', maxLength: 30, description });
const Nullable = <T extends ReturnType<typeof Type.String>>(s: T, description: string) => Type.Union([s, Type.Null()], { description });
const NullableInstant = (description: string) => Type.Union([Instant(description), Type.Null()], { description });
const Count = (description: string) => Type.Integer({ minimum: 0, maximum: 2147483647, description });
const Version = Type.Integer({ minimum: 1, maximum: 2147483647, description: 'Incremented on every change; the ETag is this number quoted.' });
const UnitIds = (description: string) => Type.Array(Id('An agency (unit) id.'), { minItems: 1, maxItems: 500, uniqueItems: true, description });

const Subject = Type.Object(
  {
    kind: SubjectKindEnum.ref({ description: 'What kind of record.' }),
    id: Id('The record’s id (phase report, rectification item, commitment, approval or fee review).'),
    unitId: Id('The inspected unit it belongs to.'),
  },
  { additionalProperties: false, description: 'A record the inspection looks at.' },
);

export const InspectionSchema = Type.Object(
  {
    id: Id('The inspection’s id.'),
    campaignId: Id('The campaign.'),
    phaseId: Type.Union([Id('A phase.'), Type.Null()], { description: 'The phase inspected, or null.' }),
    kind: InspectionKindEnum.ref({ description: 'How it is carried out. An unannounced (明察暗访) inspection is invisible to everyone but admin and inspector keys until concluded.' }),
    title: Text(200, 'What is inspected.'),
    inspectingBody: Text(200, 'Who inspects (e.g. 自治区效能建设领导小组办公室).'),
    inspectingUnitId: Type.Union([Id('A unit.'), Type.Null()], { description: 'The inspecting agency, or null.' }),
    unitIds: UnitIds('The inspected units.'),
    subjects: Type.Array(Subject, { maxItems: 1000, description: 'The records inspected (phase reports, items, commitments, approval or fee reviews of those units).' }),
    team: Type.Array(Text(50, 'A member.'), { maxItems: 50, description: 'The inspection team.' }),
    methodNotes: Nullable(Text(4000, 'Notes.'), 'How it is done, or null.'),
    plannedStartOn: DateStr('Planned first day.'),
    plannedEndOn: DateStr('Planned last day.'),
    status: InspectionStatusEnum.ref({ description: 'Changed only by :start and :conclude.' }),
    startedAt: NullableInstant('When it started, or null.'),
    concludedAt: NullableInstant('When it concluded, or null.'),
    conclusion: Nullable(Text(8000, 'The conclusion.'), 'The conclusion delivered to every inspected unit (政府督查工作条例), or null before :conclude.'),
    version: Version,
    createdAt: Instant('Created (UTC).'),
    updatedAt: Instant('Last changed (UTC).'),
  },
  { $id: 'Inspection', description: 'An inspection (督促检查).' },
);
export type Inspection = Static<typeof InspectionSchema>;

export const CreateInspectionSchema = Type.Object(
  {
    campaignId: Id('The campaign (must exist).'),
    phaseId: Type.Optional(Id('The phase inspected (of the same campaign).')),
    kind: InspectionKindEnum.ref({ description: 'How it is carried out.' }),
    title: Text(200, 'What is inspected.'),
    inspectingBody: Text(200, 'Who inspects.'),
    inspectingUnitId: Type.Optional(Id('The inspecting agency.')),
    unitIds: UnitIds('The inspected units (must exist).'),
    subjects: Type.Optional(Type.Array(Subject, { maxItems: 1000, description: 'The records inspected; each must exist and belong to its inspected unit.' })),
    team: Type.Optional(Type.Array(Text(50, 'A member.'), { maxItems: 50, description: 'The team.' })),
    methodNotes: Type.Optional(Text(4000, 'How it is done.')),
    plannedStartOn: DateStr('Planned first day.'),
    plannedEndOn: DateStr('Planned last day (not before the first).'),
  },
  { $id: 'CreateInspection', additionalProperties: false, description: 'A new inspection (planned). Admin or inspector.' },
);
export type CreateInspection = Static<typeof CreateInspectionSchema>;

export const ConcludeSchema = Type.Object(
  { conclusion: Text(8000, 'The conclusion, delivered to every inspected unit.') },
  { additionalProperties: false, description: 'Conclude the inspection.' },
);
/** No input: the shared component every action without fields names (route-conventions.ts). */
export { EmptyActionBodySchema as EmptySchema } from '../../http/route-conventions.js';
export const ReasonSchema = Type.Object({ reason: Text(2000, 'Why; kept in the audit trail.') }, { additionalProperties: false, description: 'An action that needs a reason.' });

export const INSPECTION_ORDER_FIELDS = ['plannedStartOn', 'updatedAt'] as const;
export const InspectionQuerySchema = Type.Object(
  {
    campaignId: Type.Optional(Id('Only inspections of this campaign.')),
    kind: Type.Optional(InspectionKindEnum.ref({ description: 'Only this kind.' })),
    status: Type.Optional(InspectionStatusEnum.ref({ description: 'Only this state.' })),
    unitId: Type.Optional(Id('Only inspections of this unit.')),
    orderBy: orderByParam(INSPECTION_ORDER_FIELDS, 'plannedStartOn'),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type InspectionQuery = Static<typeof InspectionQuerySchema>;
export const InspectionPageSchema = PageOf(Type.Ref('Inspection'), 'A page of inspections.');
export const InspectionParams = Type.Object({ inspectionId: Id('The inspection’s id.') });

export const InspectionStatsQuerySchema = Type.Object({ campaignId: Type.Optional(Id('Only this campaign.')) }, { additionalProperties: false });
export const InspectionStatsSchema = Type.Object(
  {
    groups: Type.Array(
      Type.Object({ kind: InspectionKindEnum.ref(), status: InspectionStatusEnum.ref(), count: Count('Inspections.') }, { description: 'One kind in one state.' }),
      { maxItems: 20, description: 'Counts by kind and state of the inspections the key sees.' },
    ),
    total: Count('All inspections the key sees.'),
  },
  { description: 'Inspection counts; unannounced ones count only for admin and inspector keys until concluded.' },
);

const consequenceText = (Object.keys(CONSEQUENCES) as Array<keyof typeof CONSEQUENCES>).map((r) => `${r}: ${CONSEQUENCES[r].plan}`).join('; ');

export const FindingSchema = Type.Object(
  {
    id: Id('The finding’s id.'),
    inspectionId: Id('The inspection.'),
    unitId: Id('The inspected unit.'),
    externalId: Nullable(Text(64, 'An id on the paper form.'), 'The id on the paper form (import key), or null.'),
    subjectKind: Type.Union([SubjectKindEnum.ref(), Type.Null()], { description: 'The kind of subject, or null for the unit as a whole.' }),
    subjectId: Type.Union([Id('The subject.'), Type.Null()], { description: 'The subject, or null.' }),
    rating: RatingEnum.ref({ description: `The rating and its consequence (${consequenceText}).` }),
    description: Text(4000, 'What was found.'),
    requirement: Nullable(Text(4000, 'What must be done.'), 'What must be done, or null.'),
    dueOn: Type.Union([DateStr('A date.'), Type.Null()], { description: 'The correction / remedy / redo deadline (end of that day, Asia/Shanghai); null for good.' }),
    status: FindingStatusEnum.ref({ description: 'undelivered while its unannounced inspection runs; then awaiting_response (or no_action for good) → responded → verified, or back to awaiting_response on :reject.' }),
    overdue: Type.Boolean({ description: 'Derived: awaiting a response and the dueOn day has passed (Asia/Shanghai).' }),
    deliveredAt: NullableInstant('When the finding reached the unit (and its consequence took effect).'),
    correction: Nullable(Text(4000, 'The correction.'), 'The unit’s correction (纠正) or what was redone (补课), or null.'),
    causeAnalysis: Nullable(Text(4000, 'The cause.'), 'The unit’s cause analysis (找出原因), or null.'),
    remedy: Nullable(Text(4000, 'The remedy.'), 'The unit’s remedy (及时弥补), or null.'),
    respondedAt: NullableInstant('When the unit last answered.'),
    respondedLate: Type.Union([Type.Boolean(), Type.Null()], { description: 'Whether the first answer came after the dueOn day; null until answered.' }),
    verifiedAt: NullableInstant('When the inspector verified the answer.'),
    rejectionReason: Nullable(Text(2000, 'Why.'), 'Why the last answer was rejected, or null.'),
    version: Version,
    createdAt: Instant('Created (UTC).'),
    updatedAt: Instant('Last changed (UTC).'),
  },
  { $id: 'Finding', description: 'A finding of an inspection on one unit (optionally one subject).' },
);
export type Finding = Static<typeof FindingSchema>;

const findingWritable = {
  unitId: Id('The inspected unit.'),
  externalId: Type.Optional(Text(64, 'The id on the paper form (import key).')),
  subjectKind: Type.Optional(SubjectKindEnum.ref({ description: 'The kind of subject.' })),
  subjectId: Type.Optional(Id('The subject: it must belong to the unit.')),
  rating: RatingEnum.ref({ description: 'The rating.' }),
  description: Text(4000, 'What was found.'),
  requirement: Type.Optional(Text(4000, 'What must be done.')),
  dueOn: Type.Optional(DateStr('The correction / remedy / redo deadline: required unless good.')),
};
export const CreateFindingSchema = Type.Object(findingWritable, {
  $id: 'CreateFinding',
  additionalProperties: false,
  description: 'A finding, by admin or inspector, while the inspection is in_progress. A formalism finding sends its subject back (an item to in_progress with dueOn as its redo deadline, a phase report marked for redo) when it is delivered.',
});
export type CreateFinding = Static<typeof CreateFindingSchema>;
export const FindingImportRowSchema = Type.Object(
  { inspectionId: Type.Optional(Id('The inspection (else the query’s).')), ...findingWritable },
  { $id: 'FindingImportRow', additionalProperties: false, description: 'A finding from a paper form; rows with an externalId already recorded are unchanged.' },
);
export type FindingImportRow = Static<typeof FindingImportRowSchema>;

export const RespondSchema = Type.Object(
  {
    correction: Type.Optional(Text(4000, 'The correction (insufficient) or what was redone (formalism).')),
    causeAnalysis: Type.Optional(Text(4000, 'The cause (deficient).')),
    remedy: Type.Optional(Text(4000, 'The remedy (deficient).')),
  },
  { additionalProperties: false, description: 'The unit’s answer: insufficient needs correction; deficient needs causeAnalysis and remedy; formalism needs correction.' },
);
export type Respond = Static<typeof RespondSchema>;

export const FINDING_ORDER_FIELDS = ['dueOn', 'createdAt'] as const;
export const findingFilterProps = {
  inspectionId: Type.Optional(Id('Only this inspection’s findings.')),
  unitId: Type.Optional(Id('Only this unit’s findings.')),
  rating: Type.Optional(RatingEnum.ref({ description: 'Only this rating.' })),
  status: Type.Optional(FindingStatusEnum.ref({ description: 'Only this state.' })),
  overdue: Type.Optional(Type.Boolean({ description: 'true: only answers overdue (awaiting_response, dueOn passed in Asia/Shanghai).' })),
};
export const FindingQuerySchema = Type.Object({ ...findingFilterProps, orderBy: orderByParam(FINDING_ORDER_FIELDS, 'createdAt'), ...PageQuery }, { additionalProperties: false });
export type FindingQuery = Static<typeof FindingQuerySchema>;
export const FindingPageSchema = PageOf(Type.Ref('Finding'), 'A page of findings.');
export const FindingParams = Type.Object({ findingId: Id('The finding’s id.') });

export const OrderSchema = Type.Object(
  {
    id: Id('The order’s id.'),
    campaignId: Type.Union([Id('A campaign.'), Type.Null()], { description: 'The campaign, or null.' }),
    unitId: Id('The unit that must act.'),
    itemId: Type.Union([Id('An item.'), Type.Null()], { description: 'The rectification item concerned, or null.' }),
    findingId: Type.Union([Id('A finding.'), Type.Null()], { description: 'The finding concerned, or null.' }),
    phaseId: Type.Union([Id('A phase.'), Type.Null()], { description: 'The phase whose report is late or missing, or null.' }),
    opinionId: Type.Union([Id('An opinion.'), Type.Null()], { description: 'The public opinion (意见建议 work order) the order presses on, or null.' }),
    title: Text(200, 'The order.'),
    requirement: Text(4000, 'What must be done.'),
    replyMethod: Nullable(Text(500, 'How.'), 'How to reply, or null.'),
    replyDueOn: DateStr('The reply deadline (end of that day, Asia/Shanghai).'),
    status: OrderStatusEnum.ref({ description: 'Changed by :acknowledge, :reply, :close, :return.' }),
    overdue: Type.Boolean({ description: 'Derived: awaiting a reply (issued, acknowledged, returned) and the reply deadline day has passed.' }),
    acknowledgedAt: NullableInstant('签收.'),
    firstRepliedAt: NullableInstant('First reply.'),
    lastRepliedAt: NullableInstant('Last reply.'),
    answeredLate: Type.Union([Type.Boolean(), Type.Null()], { description: 'Whether any reply came after the reply deadline day; null until replied. A reply on time that is sent back (退回) and followed by a late reply makes the order late; once late, it stays late.' }),
    replyCount: Count('Replies (反馈).'),
    reminderCount: Count(`Reminders (催办): one the day after a missed deadline, then every ${REMINDER_INTERVAL_DAYS} days while no reply comes.`),
    escalatedToUnitId: Type.Union([Id('A unit.'), Type.Null()], { description: `The unit’s parent, told from reminder ${ESCALATE_AT} on (it then sees the order), or null.` }),
    closedAt: NullableInstant('办结销号.'),
    closingNote: Nullable(Text(2000, 'Note.'), 'The closing note, or null.'),
    returnReason: Nullable(Text(2000, 'Why.'), 'Why the last reply was sent back, or null.'),
    version: Version,
    createdAt: Instant('Created (UTC).'),
    updatedAt: Instant('Last changed (UTC).'),
  },
  { $id: 'SupervisionOrder', description: 'A supervision order (督办).' },
);
export type Order = Static<typeof OrderSchema>;

export const CreateOrderSchema = Type.Object(
  {
    unitId: Id('The unit that must act.'),
    campaignId: Type.Optional(Id('The campaign.')),
    itemId: Type.Optional(Id('A rectification item the unit leads.')),
    findingId: Type.Optional(Id('A delivered finding on the unit.')),
    phaseId: Type.Optional(Id('A phase whose report of the unit is late, missing or sent back.')),
    opinionId: Type.Optional(Id('An opinion the unit leads (主办) or co-operates on (协办) now, e.g. one overdue at its step (催办 becomes 督办).')),
    title: Text(200, 'The order.'),
    requirement: Text(4000, 'What must be done.'),
    replyMethod: Type.Optional(Text(500, 'How to reply.')),
    replyDueOn: DateStr('The reply deadline.'),
  },
  { $id: 'CreateSupervisionOrder', additionalProperties: false, description: 'A new order, by admin (the office) or an inspector.' },
);
export type CreateOrder = Static<typeof CreateOrderSchema>;

export const ReplySchema = Type.Object({ content: Text(4000, 'The reply (反馈).') }, { additionalProperties: false, description: 'A reply.' });
export const CloseSchema = Type.Object({ note: Type.Optional(Text(2000, 'A closing note.')) }, { additionalProperties: false, description: 'Close the order (办结销号).' });

export const ORDER_ORDER_FIELDS = ['replyDueOn', 'createdAt'] as const;
export const OrderQuerySchema = Type.Object(
  {
    unitId: Type.Optional(Id('Only this unit’s orders.')),
    status: Type.Optional(OrderStatusEnum.ref({ description: 'Only this state.' })),
    overdue: Type.Optional(Type.Boolean({ description: 'true: the overdue view (awaiting a reply past its deadline).' })),
    orderBy: orderByParam(ORDER_ORDER_FIELDS, 'replyDueOn'),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type OrderQuery = Static<typeof OrderQuerySchema>;
export const OrderPageSchema = PageOf(Type.Ref('SupervisionOrder'), 'A page of supervision orders.');
export const OrderParams = Type.Object({ orderId: Id('The order’s id.') });

export const ReminderSchema = Type.Object(
  {
    id: Id('The reminder’s id.'),
    orderId: Id('The order.'),
    number: Count('1 for the first reminder of the order, 2 for the second...'),
    remindedOn: DateStr('The day (Asia/Shanghai).'),
    escalatedToUnitId: Type.Union([Id('A unit.'), Type.Null()], { description: 'The parent told by this reminder, or null.' }),
    createdAt: Instant('When (UTC).'),
  },
  { $id: 'SupervisionReminder', description: 'A reminder (催办).' },
);
export const ReminderPageSchema = PageOf(Type.Ref('SupervisionReminder'), 'A page of reminders.');
export const ReplyRecordSchema = Type.Object(
  { id: Id('The reply’s id.'), orderId: Id('The order.'), content: Text(4000, 'The reply.'), repliedAt: Instant('When (UTC).') },
  { $id: 'SupervisionReply', description: 'A reply (反馈).' },
);
export const ReplyPageSchema = PageOf(Type.Ref('SupervisionReply'), 'A page of replies.');
export const SubPageQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const SweepResultSchema = Type.Object(
  {
    asOf: DateStr('Today in Asia/Shanghai.'),
    reminded: Count('Reminders recorded by this run.'),
    escalated: Count('Of which escalated to the unit’s parent.'),
    orderIds: Type.Array(Id('An order reminded.'), { maxItems: 100000, description: 'The orders reminded.' }),
  },
  { description: 'What the reminder run did.' },
);

export const FindingImportBodySchema = Type.Object(
  { items: Type.Array(Type.Ref('FindingImportRow'), { minItems: 1, maxItems: 100000, description: 'The findings.' }) },
  { additionalProperties: false, description: 'Findings to record.' },
);
export const FindingImportQuerySchema = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ description: 'true: validate only, write nothing.' })),
    inspectionId: Type.Optional(Id('The inspection of rows that do not name one (CSV rows never do).')),
    ...ImportSheetQuery,
  },
  { additionalProperties: false },
);
export const FindingExportQuerySchema = Type.Object({ ...findingFilterProps, format: exportFormatParam('csv') }, { additionalProperties: false });
export const OrderExportQuerySchema = Type.Object(
  { unitId: Type.Optional(Id('Only this unit.')), status: Type.Optional(OrderStatusEnum.ref()), overdue: Type.Optional(Type.Boolean({ description: 'Only overdue.' })), format: exportFormatParam('csv') },
  { additionalProperties: false },
);

export const SCORECARD_FIGURES = {
  phaseReportsOnTime: 'Phase reports of the campaign’s started phases filed within the window and not sent back for redo.',
  phaseReportsLate: 'Phase reports filed after the window closed and not sent back for redo.',
  phaseReportsMissing: 'Started phases (not pending) without a report of the unit, or whose report was sent back for redo and not refiled.',
  itemsCompletedOnTime: 'Rectification items the unit leads in the campaign, completed (销号) and submitted by their deadline.',
  itemsOverdue: 'Items the unit leads, neither completed nor cancelled, whose deadline day has passed (Asia/Shanghai, today).',
  itemsSentBack: 'Delivered formalism findings on the unit’s rectification items (each sends the item back to in_progress).',
  commitmentsMade: 'The unit’s public commitments (公开承诺) in the campaign.',
  commitmentsKept: 'Of those, the commitments no delivered finding rated insufficient, deficient or formalism concerns.',
  findingsGood: 'Delivered findings rated good on the unit (inspections of the campaign).',
  findingsInsufficient: 'Delivered findings rated insufficient.',
  findingsDeficient: 'Delivered findings rated deficient.',
  findingsFormalism: 'Delivered findings rated formalism.',
  findingAnswersOverdue: 'Findings awaiting the unit’s answer past their dueOn day.',
  ordersReceived: 'Supervision orders on the unit (of the campaign, or without one).',
  ordersAnsweredLate: 'Orders with a reply after their reply deadline day (the first, or one after a return).',
  ordersUnansweredOverdue: 'Orders still awaiting a reply past their reply deadline day.',
  reminders: 'Reminders (催办) recorded on the unit’s orders.',
  commendations: 'Published good_practice, advanced_collective and advanced_individual records on the unit.',
  exposures: 'Published exposed_case records on the unit.',
  // The opinion figures count, with the opinions module's own definitions (its repository's unitCounts), the opinions the
  // unit leads now (主办) that were received within the campaign's period: from its startsOn day to its endsOn day,
  // inclusive, Asia/Shanghai (a campaign always has both dates). They are context: the score does not weigh them.
  opinionsReceived: 'Opinions (意见建议) the unit leads (主办) received within the campaign’s period (startsOn to endsOn, inclusive, Asia/Shanghai). Not weighed in the score.',
  opinionsAnsweredOnTime: 'Of those, the opinions answered (答复) by their deadline. Not weighed in the score.',
  opinionsOverdue: 'Of those, the opinions overdue at any step (派单, 签收, 办理), now or before, as the opinions’ overdue flag. Not weighed in the score.',
  opinionsUnsatisfied: 'Of those, the opinions whose rating (the submitter’s or a 回访’s) is 不满意. Not weighed in the score.',
} as const;
export type ScorecardFigure = keyof typeof SCORECARD_FIGURES;

const figureProps = Object.fromEntries(Object.entries(SCORECARD_FIGURES).map(([k, d]) => [k, Count(d)])) as Record<ScorecardFigure, ReturnType<typeof Count>>;

export const ScorecardSchema = Type.Object(
  {
    unitId: Id('The unit.'),
    unitName: Text(200, 'Its name.'),
    campaignId: Id('The campaign.'),
    asOf: DateStr('Today in Asia/Shanghai (overdue figures are as of this day).'),
    ...figureProps,
    score: Type.Integer({ minimum: -1000000, maximum: 1000000, description: 'The ranking score (see the ranked list’s description for its formula).' }),
    rank: Type.Union([Type.Integer({ minimum: 1, maximum: 1000000 }), Type.Null()], { description: 'The rank among units of the same level (1 = best; ties share a rank), or null on a single scorecard.' }),
  },
  { $id: 'Scorecard', description: 'One unit’s efficiency (效能) figures in a campaign. Every figure is counted in SQL from the same tables the API writes.' },
);
export type Scorecard = Static<typeof ScorecardSchema>;
export const ScorecardQuerySchema = Type.Object({ campaignId: Id('The campaign.') }, { additionalProperties: false });
export const RankingQuerySchema = Type.Object(
  {
    campaignId: Id('The campaign.'),
    level: Type.String({ minLength: 1, maxLength: 20, pattern: '^[a-z_]+$', description: 'The unit level to rank (e.g. department, prefecture, county).' }),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export const RankingPageSchema = PageOf(Type.Ref('Scorecard'), 'Scorecards ranked by score (best first, then by unit id).');
export const UnitParams = Type.Object({ unitId: Id('The unit’s id.') });
