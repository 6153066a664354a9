// TypeBox schemas of opinions (意见建议): public intake and its receipt, the work order as agencies see it, actions,
// contact details (personal data, their own response), statistics, the backlog, the working-day calendar and imports.
import { ImportSheetQuery } from '../../http/tabular/index.js';
import { Type, type Static } from 'typebox';
import { defineEnum } from '../../lib/enums.js';
import { exportFormatParam } from '../../http/tabular/export-route.js';
import { UUID_INPUT_PATTERN, idSchema } from '../../lib/ids.js';
import { PageOf, PageQuery, orderByParam } from '../../http/pagination.js';
import { ProblemCategoryEnum } from '../campaigns/schemas.js';
import { NonEmptyText, TEXT_PATTERN } from '../../http/text-schema.js';

export const OpinionKindEnum = defineEnum('opinionKind', 'What an opinion is.', {
  suggestion: '建议',
  complaint: '投诉',
  consultation: '咨询',
  praise: '表扬',
});

export const OpinionChannelEnum = defineEnum('opinionChannel', 'How an opinion arrived (深入基层走访、召开座谈会、设立意见箱、发放征求意见表, the portal, the 12345 hotline).', {
  online: '网上提交',
  hotline_12345: '12345热线',
  field_visit: '深入基层走访',
  forum: '召开座谈会',
  suggestion_box: '设立意见箱',
  survey: '发放征求意见表',
  other: '其他',
});

export const SubmitterKindEnum = defineEnum('submitterKind', 'Who gave the opinion (服务对象以及人大代表、政协委员和社会各界).', {
  service_recipient: '服务对象',
  npc_deputy: '人大代表',
  cppcc_member: '政协委员',
  public: '社会各界',
  civil_servant: '机关干部',
});

export const OpinionStatusEnum = defineEnum('opinionStatus', 'Where an opinion’s work order stands: received (受理) → routed (派单) → handling (签收, 办理) or returned (退单, then 改派) → answered (答复) → closed (办结); an unsatisfied rating reopens it once (重办).', {
  received: '已受理(待派单)',
  routed: '已派单(待签收)',
  returned: '已退单(待改派)',
  handling: '办理中',
  answered: '已答复',
  closed: '已办结',
});

export const SatisfactionEnum = defineEnum('satisfaction', 'The submitter’s rating of the answer (满意度评价).', {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
});

export const RatingSourceEnum = defineEnum('ratingSource', 'Where a rating came from.', {
  submitter: '提交人评价',
  revisit: '回访',
});

export const CalendarDayKindEnum = defineEnum('calendarDayKind', 'A day of the working-day calendar that differs from the weekly rhythm.', {
  holiday: '放假',
  workday: '调休上班',
});

export const Id = idSchema;
/** Text by the one rule (src/http/text-schema.ts: tab, line feed and carriage return allowed, also in names and places). */
const Line = NonEmptyText;
const LongText = NonEmptyText;
const DateStr = (description: string) => Type.String({ format: 'date', maxLength: 10, description });
const Instant = (description: string) => Type.String({ format: 'date-time', maxLength: 40, description });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T, description: string) => Type.Union([s, Type.Null()], { description });
const Count = (description: string) => Type.Integer({ minimum: 0, maximum: 2147483647, description });

export const NUMBER_PATTERN = '^YJ-[0-9]{4}-[0-9]{6,}$';
const OpinionNumber = Type.String({ pattern: NUMBER_PATTERN, maxLength: 20, description: 'The tracking number, e.g. YJ-2026-000123.' });
const ExternalId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$', description: 'The ticket number on a 12345 hotline platform (工单号): a natural key; importing it again updates.' });
const OpinionText = LongText(2000, 'The opinion in the submitter’s words (at most 2000 characters, no control characters).');
const Place = Line(200, 'Where it happened.');
const Category = ProblemCategoryEnum.ref({ description: 'The problem category (the campaign’s ten: ws_1–ws_6, ef_1–ef_4).' });

export const ContactInputSchema = Type.Object(
  {
    name: Type.Optional(Line(50, 'The submitter’s name.')),
    phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9][0-9 -]{4,19}$', maxLength: 20, description: 'A phone number.' })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 200, description: 'An e-mail address.' })),
    address: Type.Optional(Line(200, 'A postal address.')),
  },
  { $id: 'OpinionContactInput', additionalProperties: false, minProperties: 1, description: 'The submitter’s identity and contact details (personal data): stored apart from the opinion, never shown publicly.' },
);

const submitFields = {
  kind: OpinionKindEnum.ref({ description: 'suggestion 建议, complaint 投诉, consultation 咨询 or praise 表扬.' }),
  category: Type.Optional(Category),
  text: OpinionText,
  place: Type.Optional(Place),
  occurredOn: Type.Optional(DateStr('When it happened.')),
  submitterKind: SubmitterKindEnum.ref({ description: 'Who gives the opinion.' }),
  anonymous: Type.Boolean({ description: 'true: no contact details are kept (anonymous submissions are first-class); false: contact is required.' }),
  contact: Type.Optional(Type.Unsafe<Static<typeof ContactInputSchema>>({ $ref: 'OpinionContactInput', description: 'Contact details (required unless anonymous).' })),
};

export const PublicSubmitSchema = Type.Object(
  { ...submitFields, unitId: Type.Optional(Id('The agency concerned, if known (otherwise the office routes it).')) },
  { $id: 'PublicOpinionSubmission', additionalProperties: false, description: 'An opinion from a member of the public.' },
);
export type PublicSubmit = Static<typeof PublicSubmitSchema>;

export const ReceiptSchema = Type.Object(
  {
    number: OpinionNumber,
    queryCode: Type.Optional(Type.String({ maxLength: 32, description: 'The secret query code: shown only in this response, never again (only a hash is stored). Absent when merged.' })),
    merged: Type.Boolean({ description: 'true: the same text came from the same address within a day, so it was merged into the earlier opinion (重复诉求并单) and no new number was given.' }),
    message: Type.String({ maxLength: 200, description: 'What happened, in zh-CN.' }),
    status: OpinionStatusEnum.ref({ description: 'The opinion’s status.' }),
  },
  { $id: 'OpinionReceipt', description: 'The receipt of a public submission.' },
);

export const PublicOpinionSchema = Type.Object(
  {
    number: OpinionNumber,
    kind: OpinionKindEnum.ref({ description: 'What it is.' }),
    status: OpinionStatusEnum.ref({ description: 'Where it stands.' }),
    receivedAt: Instant('When it was received (UTC).'),
    deadline: Nullable(DateStr('A date.'), 'The handling deadline (end of the day, Asia/Shanghai), once a unit has signed for it; else null.'),
    answeredAt: Nullable(Instant('An instant.'), 'When it was answered, or null.'),
    publicAnswer: Nullable(LongText(4000, 'The answer.'), 'The public part of the answer, or null.'),
    rating: Nullable(SatisfactionEnum.ref(), 'The rating given, or null.'),
    canRate: Type.Boolean({ description: 'Whether :rate is possible now (answered and not yet rated since).' }),
    version: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'The version; the ETag is this number quoted.' }),
  },
  { $id: 'PublicOpinion', description: 'What the submitter sees with the number and the query code: no text, no contact, no internal notes.' },
);

export const QueryCodeHeader = Type.Object({
  'x-query-code': Type.String({ minLength: 8, maxLength: 32, pattern: '^[A-Za-z0-9]+$', description: 'The secret query code given with the number.' }),
});

export const PowHeader = Type.Object({
  'x-proof-of-work': Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9]+$', description: 'A nonce such that SHA-256 of `{today Asia/Shanghai YYYY-MM-DD}:{SHA-256 hex of the text, NFKC, whitespace removed, lower-cased}:{nonce}` starts with OPINION_POW_BITS zero bits. Required only when the service sets OPINION_POW_BITS > 0 (portals).' })),
});

export const NumberParams = Type.Object({ number: OpinionNumber });

export const RateSchema = Type.Object(
  {
    rating: SatisfactionEnum.ref({ description: '满意, 基本满意 or 不满意; 不满意 reopens the opinion once for re-handling (重办).' }),
    comment: Type.Optional(LongText(500, 'Why.')),
  },
  { $id: 'OpinionRating', additionalProperties: false, description: 'A rating of the answer.' },
);

export const OpinionSchema = Type.Object(
  {
    id: Id('The opinion’s id (UUIDv7).'),
    number: OpinionNumber,
    externalId: Nullable(ExternalId, 'The hotline ticket number, or null.'),
    kind: OpinionKindEnum.ref({ description: 'What it is.' }),
    channel: OpinionChannelEnum.ref({ description: 'How it arrived.' }),
    unitId: Nullable(Id('An agency.'), 'The agency it is about, or null.'),
    category: Nullable(Category, 'The problem category, or null.'),
    text: OpinionText,
    place: Nullable(Place, 'Where, or null.'),
    occurredOn: Nullable(DateStr('A date.'), 'When it happened, or null.'),
    submitterKind: SubmitterKindEnum.ref({ description: 'Who gave it.' }),
    anonymous: Type.Boolean({ description: 'Whether it was given anonymously.' }),
    hasContact: Type.Boolean({ description: 'Whether contact details are held (read them with GET /v1/opinions/{id}/contact and a reason).' }),
    status: OpinionStatusEnum.ref({ description: 'Where it stands; changed only by actions.' }),
    leadUnitId: Nullable(Id('An agency.'), 'The lead unit (主办) of the current assignment, or null.'),
    coUnitIds: Type.Array(Id('An agency.'), { maxItems: 20, description: 'The co-operating units (协办).' }),
    routeDueOn: Nullable(DateStr('A date.'), 'Routing (派单) by the office is due by the end of this day: one working day after receipt or after a return; null once routed.'),
    routedOn: Nullable(DateStr('A date.'), 'When it was last routed (派单), or null.'),
    acceptDueOn: Nullable(DateStr('A date.'), 'Signing for it (签收) is due by the end of this day: one working day after routing.'),
    acceptedOn: Nullable(DateStr('A date.'), 'When the lead unit signed for it, or null.'),
    deadline: Nullable(DateStr('A date.'), 'The handling deadline (办理时限), in working days from signing (or re-opening), or null.'),
    extensionRequest: Nullable(
      Type.Object({ until: DateStr('The deadline asked for.'), reason: LongText(1000, 'Why.') }, { description: 'A pending extension request.' }),
      'A pending extension request (延期申请), or null.',
    ),
    actionsTaken: Nullable(LongText(4000, 'What the unit did.'), 'What the unit did (办理情况), or null.'),
    publicAnswer: Nullable(LongText(4000, 'The answer.'), 'The public part of the answer (what the submitter sees), or null.'),
    internalNote: Nullable(LongText(4000, 'A note.'), 'An internal note of the answer, or null.'),
    answeredAt: Nullable(Instant('An instant.'), 'When it was last answered, or null.'),
    answeredOnTime: Nullable(Type.Boolean(), 'Whether every answer came by the end of its deadline day; null until answered. One late answer makes it false for good: answered on time, sent back for re-handling (不满意重办) and answered late is false, and a late answer followed by a timely one stays false.'),
    overdue: Type.Boolean({ description: 'Derived (逾期): the due day of the current step (派单, 签收 or 办理) is over (Asia/Shanghai).' }),
    everOverdue: Type.Boolean({ description: 'Whether any step of it went overdue (counted in the statistics).' }),
    rating: Nullable(SatisfactionEnum.ref(), 'The latest rating, or null.'),
    ratedAt: Nullable(Instant('An instant.'), 'When it was rated, or null.'),
    ratingSource: Nullable(RatingSourceEnum.ref(), 'Whether the rating came from the submitter or a revisit (回访), or null.'),
    revisitNote: Nullable(LongText(2000, 'A note.'), 'The office’s revisit record (回访记录), or null.'),
    reopenCount: Count('How many times it was reopened for re-handling (重办): at most once.'),
    returnCount: Count('How many times a unit returned it (退单).'),
    remindCount: Count('How many reminders (催办) it received.'),
    lastRemindedOn: Nullable(DateStr('A date.'), 'The day of the last reminder, or null.'),
    closedAt: Nullable(Instant('An instant.'), 'When the office closed it (办结), or null.'),
    problemId: Nullable(Id('A problem found.'), 'The problem found (查摆问题) it is linked to, or null.'),
    rectificationItemId: Nullable(Id('A rectification item.'), 'The ledger item it was escalated to, or null.'),
    duplicateCount: Count('How many identical submissions were merged into it (重复诉求并单).'),
    version: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'The version; the ETag is this number quoted.' }),
    createdAt: Instant('When it was received (UTC).'),
    updatedAt: Instant('When it last changed (UTC).'),
  },
  { $id: 'Opinion', description: 'An opinion as a work order (工单). Carries no contact details.' },
);
export type Opinion = Static<typeof OpinionSchema>;

export const CreateOpinionSchema = Type.Object(
  {
    ...submitFields,
    channel: OpinionChannelEnum.ref({ description: 'How it was gathered (forum, visit, suggestion box, survey form, 12345 …).' }),
    unitId: Id('The agency it is about (an agency key: its own).'),
    externalId: Type.Optional(ExternalId),
  },
  { $id: 'CreateOpinion', additionalProperties: false, description: 'An opinion gathered by an agency.' },
);
export type CreateOpinion = Static<typeof CreateOpinionSchema>;

export const ImportRowSchema = Type.Object(
  {
    ...submitFields,
    channel: Type.Optional(OpinionChannelEnum.ref({ description: 'How it was gathered (default survey).' })),
    unitId: Id('The agency it is about.'),
    externalId: Type.Optional(ExternalId),
  },
  { $id: 'OpinionImportRow', additionalProperties: false, description: 'One row of an opinion import (a survey form, a hotline ticket).' },
);
export type ImportRow = Static<typeof ImportRowSchema>;
export const ImportBodySchema = Type.Object(
  { items: Type.Array(Type.Ref('OpinionImportRow'), { maxItems: 100000, description: 'The rows.' }) },
  { additionalProperties: false, description: 'Opinions to import.' },
);
export const ImportQuerySchema = Type.Object(
  { dryRun: Type.Optional(Type.Boolean({ description: 'true: validate only, write nothing.' })), ...ImportSheetQuery },
  { additionalProperties: false },
);

const Reason = LongText(1000, 'Why (kept in the change feed).');
export { EmptyActionBodySchema as EmptySchema } from '../../http/route-conventions.js';
export const ReasonSchema = Type.Object({ reason: Reason }, { additionalProperties: false, description: 'A reason.' });
export const RouteSchema = Type.Object(
  {
    leadUnitId: Id('The lead unit (主办).'),
    coUnitIds: Type.Optional(Type.Array(Id('An agency.'), { maxItems: 20, uniqueItems: true, description: 'Co-operating units (协办).' })),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false, description: 'A routing (派单) or reassignment (改派).' },
);
export const ExtensionSchema = Type.Object(
  { until: DateStr('The deadline asked for (after the current one).'), reason: Reason },
  { additionalProperties: false, description: 'An extension request (延期申请).' },
);
export const AnswerSchema = Type.Object(
  {
    actionsTaken: LongText(4000, 'What the unit did (办理情况).'),
    publicAnswer: LongText(4000, 'The answer the submitter sees (答复意见).'),
    internalNote: Type.Optional(LongText(4000, 'A note for the office only.')),
  },
  { additionalProperties: false, description: 'The answer (答复).' },
);
export const RevisitSchema = Type.Object(
  { rating: SatisfactionEnum.ref({ description: 'The rating the submitter gave on the revisit.' }), note: LongText(2000, 'The revisit record (回访记录).') },
  { additionalProperties: false, description: 'A revisit (回访) by the office.' },
);
export const EscalateSchema = Type.Object(
  {
    campaignId: Id('The campaign of the ledger item.'),
    deadline: DateStr('The item’s deadline.'),
    title: Type.Optional(Line(200, 'The item’s title (default: the opinion’s number and category).')),
  },
  { additionalProperties: false, description: 'Turn the opinion into a rectification item (整改事项) led by its lead unit.' },
);
export const LinkProblemSchema = Type.Object({ problemId: Id('A problem found (must exist).') }, { additionalProperties: false, description: 'A link to a problem found.' });

export const OpinionParams = Type.Object({ opinionId: Id('The opinion’s id.') });
/**
 * getOpinion's path takes the id, and also a tracking number so that a clerk who types one gets a 404 pointing to
 * `?number=` instead of a bare 400: the number is a natural key, a separate field, never an id (API.md 2).
 */
export const GetOpinionParams = Type.Object({
  opinionId: Type.String({
    pattern: `^(${UUID_INPUT_PATTERN.slice(1, -1)}|[Yy][Jj]-[0-9]{4}-[0-9]{6,})$`,
    maxLength: 36,
    description: 'The opinion’s id, in any case. A tracking number (YJ-…) here answers 404 with a pointer to GET /v1/opinions?number=.',
  }),
});

export const ORDER_FIELDS = ['createdAt', 'updatedAt'] as const;
export const OpinionQuerySchema = Type.Object(
  {
    status: Type.Optional(OpinionStatusEnum.ref({ description: 'Only opinions in this state.' })),
    kind: Type.Optional(OpinionKindEnum.ref({ description: 'Only opinions of this kind.' })),
    channel: Type.Optional(OpinionChannelEnum.ref({ description: 'Only opinions from this channel.' })),
    leadUnitId: Type.Optional(Id('Only opinions this unit leads.')),
    number: Type.Optional(Type.String({ pattern: NUMBER_PATTERN, maxLength: 20, description: 'Only the opinion with this tracking number (exact, e.g. YJ-2026-000123): how a clerk finds an opinion whose number was given over the phone. Within the key’s visibility: another agency’s number finds nothing.' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$', description: 'Opinions whose tracking number or hotline ticket number (externalId) contains this text, in any case (e.g. 000123 or yj-2026-0001). Within the key’s visibility.' })),
    overdue: Type.Optional(Type.Boolean({ description: 'true: only opinions overdue at their current step (派单, 签收 or 办理).' })),
    orderBy: orderByParam(ORDER_FIELDS, 'createdAt'),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type OpinionQuery = Static<typeof OpinionQuerySchema>;
export const OpinionPageSchema = PageOf(Type.Ref('Opinion'), 'A page of opinions.');

export const ExportQuerySchema = Type.Object(
  {
    status: Type.Optional(OpinionStatusEnum.ref({ description: 'Only opinions in this state.' })),
    format: exportFormatParam('csv'),
  },
  { additionalProperties: false },
);

export const ContactSchema = Type.Object(
  {
    opinionId: Id('The opinion.'),
    name: Nullable(Line(50, 'A name.'), 'The name, or null.'),
    phone: Nullable(Type.String({ maxLength: 20, description: 'A phone number.' }), 'The phone, or null.'),
    email: Nullable(Type.String({ maxLength: 200, description: 'An e-mail address.' }), 'The e-mail, or null.'),
    address: Nullable(Line(200, 'An address.'), 'The address, or null.'),
    erasedAt: Nullable(Instant('An instant.'), 'When the details were erased after the retention period (then all fields are null).'),
  },
  { $id: 'OpinionContact', description: 'The submitter’s contact details (personal data). Every read is recorded in the change feed with who, when and why.' },
);
export const ContactQuerySchema = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 200, pattern: TEXT_PATTERN, description: 'Why you read the contact details (e.g. 回访); recorded in the change feed.' }) },
  { additionalProperties: false },
);

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', maxLength: 7, description: 'A month, YYYY-MM (Asia/Shanghai).' });
export const PublicStatsQuerySchema = Type.Object(
  { month: Type.Optional(Month), unitId: Type.Optional(Id('Only this agency.')) },
  { additionalProperties: false },
);
const Figures = {
  received: Count('Opinions received (by month of receipt).'),
  answered: Count('Of those, answered.'),
  answeredOnTime: Count('Of those, answered by the deadline.'),
  overdue: Count('Of those, overdue at some step (answered late, signed for late, or overdue now).'),
  satisfied: Count('Rated 满意.'),
  basicallySatisfied: Count('Rated 基本满意.'),
  unsatisfied: Count('Rated 不满意.'),
  satisfactionRate: Nullable(Type.Number({ minimum: 0, maximum: 1 }), '(满意 + 基本满意) / rated, or null when none was rated.'),
};
export const UnitFiguresSchema = Type.Object(
  { unitId: Nullable(Id('An agency.'), 'The lead unit (主办), or the agency concerned before routing; null when neither.'), month: Month, ...Figures },
  { $id: 'OpinionUnitFigures', description: 'One agency’s figures for one month. No text of any opinion.' },
);
export const PublicStatsSchema = Type.Object(
  { groups: Type.Array(Type.Ref('OpinionUnitFigures'), { maxItems: 100000, description: 'Per agency and month.' }) },
  { description: 'Public statistics of opinions.' },
);

export const BacklogSchema = Type.Object(
  {
    asOf: DateStr('Today (Asia/Shanghai).'),
    groups: Type.Array(
      Type.Object(
        {
          unitId: Nullable(Id('An agency.'), 'The lead unit, or null for opinions not routed yet.'),
          status: OpinionStatusEnum.ref({ description: 'The step.' }),
          count: Count('Open opinions at this step.'),
          overdue: Count('Of those, overdue.'),
          oldestWorkingDays: Count('Working days since the oldest of them arrived at this step.'),
          oldestId: Id('The oldest of them.'),
        },
        { description: 'A unit and a step.' },
      ),
      { maxItems: 100000, description: 'Open opinions by unit and step.' },
    ),
  },
  { description: 'The office’s backlog (积压).' },
);

export const SweepSchema = Type.Object(
  { asOf: DateStr('Today (Asia/Shanghai).'), count: Count('Opinions affected.'), ids: Type.Array(Id('An opinion.'), { maxItems: 100000, description: 'Which.' }) },
  { description: 'What a sweep did.' },
);

const CalendarDaySchema = Type.Object(
  { date: DateStr('The day.'), kind: CalendarDayKindEnum.ref({ description: 'holiday (放假) or workday (调休上班).' }), name: Line(50, 'The holiday, e.g. 国庆节.') },
  { additionalProperties: false, description: 'A day off the weekly rhythm.' },
);
export const CalendarYearSchema = Type.Object(
  {
    year: Type.Integer({ minimum: 2000, maximum: 2100, description: 'The year.' }),
    source: Nullable(Line(300, 'A source.'), 'Where the dates come from (the State Council notice), or null.'),
    provisional: Type.Boolean({ description: 'true: statutory days only, the annual notice not yet entered.' }),
    edited: Type.Boolean({ description: 'true: the office has replaced the shipped schedule of this year.' }),
    days: Type.Array(CalendarDaySchema, { maxItems: 366, description: 'Holidays and adjusted working days, by date.' }),
    version: Type.Integer({ minimum: 0, maximum: 2147483647, description: 'The version (0: the shipped schedule); the ETag is this number quoted.' }),
  },
  { $id: 'WorkCalendarYear', description: 'One year of the working-day calendar (法定节假日 and 调休).' },
);
export const PutCalendarSchema = Type.Object(
  {
    source: Type.Optional(Line(300, 'Where the dates come from.')),
    days: Type.Array(CalendarDaySchema, { maxItems: 366, description: 'Every holiday and adjusted working day of the year.' }),
  },
  { additionalProperties: false, description: 'The year’s calendar, replacing what was there.' },
);
export const YearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100, description: 'The year.' }) });
