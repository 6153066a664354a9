// Campaigns, phases, phase reports, compliance and problems found (查摆问题): TypeBox schemas and the module's enums.
import { Type, type Static } from 'typebox';
import { defineEnum } from '../../lib/enums.js';
import { idSchema } from '../../lib/ids.js';
import { PageOf, PageQuery, orderByParam } from '../../http/pagination.js';
import { UnitLevelEnum } from '../units/schemas.js';
import { dateSchema } from '../../lib/dates.js';
import { Text } from '../../http/text-schema.js';

export const CampaignStatusEnum = defineEnum('campaignStatus', 'The state of a campaign: draft → running (:start) → closed (:close).', {
  draft: '草拟',
  running: '进行中',
  closed: '已结束',
});

export const PhaseStatusEnum = defineEnum('phaseStatus', 'The state of a phase: pending → active (:start) → completed (:complete); phases run in order, one active at a time.', {
  pending: '未开始',
  active: '进行中',
  completed: '已完成',
});

export const ProblemDimensionEnum = defineEnum('problemDimension', 'Which side of the campaign a problem belongs to.', {
  work_style: '作风建设',
  efficiency: '机关行政效能建设',
});

/** The plan's six work-style (ws_*) and four efficiency (ef_*) categories, in its words (二、(二)1). */
export const ProblemCategoryEnum = defineEnum('problemCategory', 'The category of a problem found: ws_1–ws_6 belong to work_style, ef_1–ef_4 to efficiency.', {
  ws_1: '宗旨意识不强，群众观念淡薄，官僚主义严重，脱离群众，漠视群众，门难进、脸难看、事难办的问题',
  ws_2: '责任心和执行力不强，不思进取，得过且过，办事拖拉，推诿扯皮，工作效率不高的问题',
  ws_3: '缺乏干事激情，精神状态不佳，改革创新意识不强，因循守旧，不学习，不钻研，学风不浓，玩风太盛的问题',
  ws_4: '部门利益至上，本位主义严重，阳奉阴违，我行我素，滥用职权，吃拿卡要，不讲诚信的问题',
  ws_5: '脱离实际，急功近利，不察实情、不讲实话、不办实事、不求实效，弄虚作假，形式主义严重的问题',
  ws_6: '为政不廉，以权谋私，铺张浪费，讲排场、比阔气，拜金主义、享乐主义严重的问题',
  ef_1: '影响改革发展稳定的突出问题，尤其是基层群众和外来投资者反映强烈的突出问题',
  ef_2: '履行职能缺位、错位、越位的问题',
  ef_3: '行政审批项目偏多、环节过繁、效率偏低的问题',
  ef_4: '行政不作为、乱作为，以权谋私的问题',
});

export const ProblemSourceEnum = defineEnum('problemSource', 'Who found the problem (自己找、领导点、群众提、互相帮).', {
  self: '自己找',
  leader: '领导点',
  public: '群众提',
  peer: '互相帮',
});

export const ProblemChannelEnum = defineEnum('problemChannel', 'How the problem was collected (深入基层走访、召开座谈会、设立意见箱、发放征求意见表).', {
  field_visit: '深入基层走访',
  forum: '召开座谈会',
  suggestion_box: '设立意见箱',
  survey: '发放征求意见表',
  online: '网上征求意见',
  other: '其他',
});

export const ProblemStatusEnum = defineEnum('problemStatus', 'The state of a problem found: open → resolved (:resolve) or dismissed (:dismiss); :reopen returns it to open.', {
  open: '待整改',
  resolved: '已整改',
  dismissed: '不成立(已撤销)',
});

export const Id = idSchema;
const DateStr = dateSchema;
const Instant = (description: string) => Type.String({ format: 'date-time', maxLength: 40, description });
const Version = Type.Integer({ maximum: 2147483647, minimum: 1, description: 'The version, incremented on every change; the ETag is this number quoted.' });
const TemplateId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', maxLength: 64, description: 'A plan template id: a file src/seed/templates/<id>.json, e.g. work-style-efficiency.' });
const Year = Type.Integer({ minimum: 2000, maximum: 2100, description: 'The campaign year Y (the plan’s dates are relative to it).' });
const Title = Text({ minLength: 1, maxLength: 200, description: 'The campaign’s title.' });
const PhaseName = Text({ minLength: 1, maxLength: 100, description: 'The phase’s name, e.g. 动员部署阶段.' });
const WindowText = Text({ minLength: 1, maxLength: 100, description: 'The window in the plan’s words, e.g. 2月下旬—3月上旬.' });
const KeyTasks = Type.Array(Text({ minLength: 1, maxLength: 500, description: 'One key task of the phase.' }), { maxItems: 50, description: 'The phase’s key work, in order.' });
const Count = (description: string) => Type.Integer({ minimum: 0, maximum: 10_000_000, description });

// ---- campaigns ----

export const CampaignSchema = Type.Object(
  {
    id: Id('The campaign’s id (UUIDv7).'),
    title: Title,
    year: Year,
    template: Type.Union([TemplateId, Type.Null()], { description: 'The plan template it was created from, or null when made by hand.' }),
    regionUnitId: Id('The region (unit) that runs the campaign.'),
    startsOn: DateStr('The first day of the campaign (YYYY-MM-DD).'),
    endsOn: DateStr('The last day of the campaign (YYYY-MM-DD, inclusive).'),
    status: CampaignStatusEnum.ref({ description: 'draft, running or closed; changed only by :start and :close.' }),
    version: Version,
    createdAt: Instant('When the campaign was created (UTC).'),
    updatedAt: Instant('When the campaign last changed (UTC).'),
  },
  { $id: 'Campaign', description: 'A campaign (活动) of one year, with its phases.' },
);
export type Campaign = Static<typeof CampaignSchema>;

const PhaseInput = Type.Object(
  {
    name: PhaseName,
    windowText: Type.Optional(WindowText),
    startsOn: DateStr('The first day of the phase window.'),
    endsOn: DateStr('The last day of the phase window (inclusive).'),
    keyTasks: Type.Optional(KeyTasks),
  },
  { additionalProperties: false, description: 'A phase of a hand-made campaign; numbered in the order given.' },
);

export const CreateCampaignSchema = Type.Object(
  {
    template: Type.Optional(TemplateId),
    year: Year,
    title: Type.Optional(Title),
    regionUnitId: Type.Optional(Id('The region (unit) that runs it; default: the root of the unit tree.')),
    startsOn: Type.Optional(DateStr('Without a template: the first day (required).')),
    endsOn: Type.Optional(DateStr('Without a template: the last day (required).')),
    phases: Type.Optional(Type.Array(PhaseInput, { maxItems: 12, description: 'Without a template: the phases, in order (windows inside the campaign, not overlapping).' })),
  },
  {
    $id: 'CreateCampaign',
    additionalProperties: false,
    description:
      'A new campaign. With `template` (e.g. { "template": "work-style-efficiency", "year": 2027 }) the title, dates and phases come from the plan template, windows computed for the year; without it, give title, startsOn, endsOn and optionally phases.',
  },
);
export type CreateCampaign = Static<typeof CreateCampaignSchema>;

export const UpdateCampaignSchema = Type.Object(
  {
    title: Type.Optional(Title),
    startsOn: Type.Optional(DateStr('The first day; every phase window must stay inside the campaign.')),
    endsOn: Type.Optional(DateStr('The last day; every phase window must stay inside the campaign.')),
  },
  { $id: 'UpdateCampaign', additionalProperties: false, minProperties: 1, description: 'The fields to change (absent = unchanged). Status changes only by actions.' },
);
export type UpdateCampaign = Static<typeof UpdateCampaignSchema>;

export const CAMPAIGN_ORDER_FIELDS = ['createdAt', 'year'] as const;
export const CampaignQuerySchema = Type.Object(
  {
    year: Type.Optional(Year),
    status: Type.Optional(CampaignStatusEnum.ref({ description: 'Only campaigns in this state.' })),
    orderBy: orderByParam(CAMPAIGN_ORDER_FIELDS, 'createdAt'),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type CampaignQuery = Static<typeof CampaignQuerySchema>;
export const CampaignPageSchema = PageOf(Type.Ref('Campaign'), 'A page of campaigns.');
export const CampaignParams = Type.Object({ campaignId: Id('The campaign’s id.') });

// ---- phases ----

export const PhaseSchema = Type.Object(
  {
    id: Id('The phase’s id (UUIDv7).'),
    campaignId: Id('The campaign it belongs to.'),
    number: Type.Integer({ minimum: 1, maximum: 12, description: 'The position of the phase (1 = first); phases run in this order.' }),
    name: PhaseName,
    windowText: Type.Union([WindowText, Type.Null()], { description: 'The window in the plan’s words, or null.' }),
    startsOn: DateStr('The first day of the phase window.'),
    endsOn: DateStr('The last day of the phase window (inclusive); reports after the end of this day (Asia/Shanghai) are late.'),
    keyTasks: KeyTasks,
    status: PhaseStatusEnum.ref({ description: 'pending, active or completed; changed only by :start and :complete.' }),
    startedAt: Type.Union([Instant('When the phase was started.'), Type.Null()], { description: 'When :start was done (UTC), or null.' }),
    completedAt: Type.Union([Instant('When the phase was completed.'), Type.Null()], { description: 'When :complete was done (UTC), or null.' }),
    version: Version,
    createdAt: Instant('When the phase was created (UTC).'),
    updatedAt: Instant('When the phase last changed (UTC).'),
  },
  { $id: 'Phase', description: 'A phase of a campaign (工作步骤): a window, key tasks, and a state.' },
);
export type Phase = Static<typeof PhaseSchema>;

export const UpdatePhaseSchema = Type.Object(
  {
    name: Type.Optional(PhaseName),
    windowText: Type.Optional(Type.Union([WindowText, Type.Null()], { description: 'The window in words; null clears it.' })),
    startsOn: Type.Optional(DateStr('The first day of the window (inside the campaign, not overlapping another phase).')),
    endsOn: Type.Optional(DateStr('The last day of the window (inside the campaign, not overlapping another phase).')),
    keyTasks: Type.Optional(KeyTasks),
  },
  { $id: 'UpdatePhase', additionalProperties: false, minProperties: 1, description: 'The fields to change (absent = unchanged). Status changes only by actions.' },
);
export type UpdatePhase = Static<typeof UpdatePhaseSchema>;

export const PhaseQuerySchema = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type PhaseQuery = Static<typeof PhaseQuerySchema>;
export const PhasePageSchema = PageOf(Type.Ref('Phase'), 'A page of phases, in order.');
export const PhaseParams = Type.Object({ phaseId: Id('The phase’s id.') });

// ---- phase reports ----

const Attachment = Type.Object(
  {
    title: Text({ minLength: 1, maxLength: 200, description: 'What the attachment is.' }),
    url: Type.String({ format: 'uri', maxLength: 2000, pattern: '^https?://', description: 'Where it can be read (http or https).' }),
  },
  { additionalProperties: false, description: 'A document attached to a report.' },
);
const Attachments = Type.Array(Attachment, { maxItems: 20, description: 'Attached documents (at most 20).' });
const Summary = Text({ minLength: 1, maxLength: 4000, description: 'A summary of the unit’s work in the phase (at most 4000 characters).' });

export const PutPhaseReportSchema = Type.Object(
  {
    meetingsHeld: Count('Meetings held (动员大会、专题讨论会...).'),
    participants: Count('People who took part.'),
    discussionsHeld: Count('Discussions held (大讨论).'),
    opinionsCollected: Count('Opinions and suggestions collected.'),
    problemsFound: Type.Optional(Count('Problems found, as the unit counts them (the registered problems are under /v1/problems).')),
    summary: Summary,
    attachments: Type.Optional(Attachments),
  },
  { $id: 'PutPhaseReport', additionalProperties: false, description: 'A unit’s report on a phase (the whole report: PUT replaces it).' },
);
export type PutPhaseReport = Static<typeof PutPhaseReportSchema>;

export const PhaseReportSchema = Type.Object(
  {
    id: Id('The report’s id (UUIDv7).'),
    phaseId: Id('The phase reported on.'),
    campaignId: Id('The campaign of the phase.'),
    unitId: Id('The reporting unit.'),
    unitName: Type.String({ maxLength: 100, description: 'The reporting unit’s name.' }),
    meetingsHeld: Count('Meetings held.'),
    participants: Count('People who took part.'),
    discussionsHeld: Count('Discussions held.'),
    opinionsCollected: Count('Opinions and suggestions collected.'),
    problemsFound: Type.Union([Count('Problems found.'), Type.Null()], { description: 'Problems found as the unit counts them, or null.' }),
    summary: Summary,
    attachments: Attachments,
    reportedAt: Instant('When the unit first reported on the phase (UTC).'),
    late: Type.Boolean({ description: 'True when the first report came after the phase window closed (end of its last day, Asia/Shanghai).' }),
    redoRequired: Type.Boolean({ description: 'True when an inspection found formalism (走过场, 及时“补课”) in it: it counts as missing in compliance until the unit refiles (PUT again).' }),
    version: Version,
    createdAt: Instant('When the report was created (UTC).'),
    updatedAt: Instant('When the report last changed (UTC).'),
  },
  { $id: 'PhaseReport', description: 'One unit’s report on one phase.' },
);
export type PhaseReport = Static<typeof PhaseReportSchema>;

export const REPORT_ORDER_FIELDS = ['reportedAt'] as const;
export const PhaseReportQuerySchema = Type.Object(
  {
    level: Type.Optional(UnitLevelEnum.ref({ description: 'Only reports of units of this level.' })),
    parentId: Type.Optional(Id('Only reports of direct children of this unit.')),
    late: Type.Optional(Type.Boolean({ description: 'Only late (true) or on-time (false) reports.' })),
    orderBy: orderByParam(REPORT_ORDER_FIELDS, 'reportedAt'),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type PhaseReportQuery = Static<typeof PhaseReportQuerySchema>;
export const PhaseReportPageSchema = PageOf(Type.Ref('PhaseReport'), 'A page of phase reports.');
export const PhaseReportParams = Type.Object({ phaseId: Id('The phase’s id.'), unitId: Id('The reporting unit’s id.') });

// ---- compliance ----

export const MAX_COMPLIANCE_UNITS = 5000;

export const ComplianceQuerySchema = Type.Object(
  {
    level: Type.Optional(UnitLevelEnum.ref({ description: 'The expected agencies: units of this level (default: every unit but the campaign’s region itself).' })),
    parentId: Type.Optional(Id('The expected agencies: only direct children of this unit.')),
  },
  { additionalProperties: false },
);
export type ComplianceQuery = Static<typeof ComplianceQuerySchema>;

const ComplianceUnit = Type.Object(
  {
    unitId: Id('The unit.'),
    unitName: Type.String({ maxLength: 100, description: 'The unit’s name.' }),
    reportedAt: Type.Optional(Instant('When it first reported (reported units only).')),
    late: Type.Optional(Type.Boolean({ description: 'Whether it reported after the window closed (reported units only).' })),
  },
  { description: 'An expected agency.' },
);

export const ComplianceSchema = Type.Object(
  {
    phaseId: Id('The phase.'),
    phaseNumber: Type.Integer({ minimum: 1, maximum: 12, description: 'The phase’s number.' }),
    phaseName: PhaseName,
    windowEndsOn: DateStr('The last day of the phase window; reports after it are late.'),
    level: Type.Union([UnitLevelEnum.ref({ description: 'The level asked for.' }), Type.Null()], { description: 'The level asked for, or null.' }),
    parentId: Type.Union([Id('The parent asked for.'), Type.Null()], { description: 'The parent unit asked for, or null.' }),
    expectedCount: Count('How many agencies are expected to report.'),
    reportedCount: Count('How many of them have reported.'),
    lateCount: Count('How many of them reported late.'),
    missingCount: Count('How many have not reported.'),
    reported: Type.Array(ComplianceUnit, { maxItems: MAX_COMPLIANCE_UNITS, description: 'The agencies that reported, by name.' }),
    missing: Type.Array(ComplianceUnit, { maxItems: MAX_COMPLIANCE_UNITS, description: 'The agencies that have not reported yet, by name.' }),
  },
  { $id: 'PhaseCompliance', description: 'Who has reported on a phase and who has not (one call, not paginated; at most 5000 expected agencies).' },
);
export type Compliance = Static<typeof ComplianceSchema>;

// ---- problems ----

const Description = Text({ minLength: 1, maxLength: 4000, description: 'The problem, in words (at most 4000 characters).' });
const CauseAnalysis = Text({ minLength: 1, maxLength: 4000, description: 'The cause analysis (剖析原因): responsibility, work style, institutions, methods (at most 4000 characters).' });

export const ProblemSchema_ = Type.Object(
  {
    id: Id('The problem’s id (UUIDv7).'),
    campaignId: Id('The campaign it was found in.'),
    unitId: Id('The unit whose problem it is.'),
    dimension: ProblemDimensionEnum.ref({ description: 'work_style or efficiency.' }),
    category: ProblemCategoryEnum.ref({ description: 'One of the plan’s categories, matching the dimension.' }),
    source: ProblemSourceEnum.ref({ description: 'Who found it.' }),
    channel: ProblemChannelEnum.ref({ description: 'How it was collected.' }),
    description: Description,
    causeAnalysis: Type.Union([CauseAnalysis, Type.Null()], { description: 'The cause analysis, or null while not yet analysed.' }),
    status: ProblemStatusEnum.ref({ description: 'open, resolved or dismissed; changed only by actions.' }),
    statusReason: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], { description: 'The reason given with the last status action, or null.' }),
    version: Version,
    createdAt: Instant('When the problem was registered (UTC).'),
    updatedAt: Instant('When the problem last changed (UTC).'),
  },
  { $id: 'FoundProblem', description: 'A problem found (查摆问题) by a unit in a campaign, with its cause analysis.' },
);
export type FoundProblem = Static<typeof ProblemSchema_>;

export const CreateProblemSchema = Type.Object(
  {
    campaignId: Id('The campaign (must not be closed).'),
    unitId: Type.Optional(Id('The unit whose problem it is; default: the API key’s unit. A unit_editor may name only its own unit.')),
    dimension: ProblemDimensionEnum.ref({ description: 'work_style or efficiency.' }),
    category: ProblemCategoryEnum.ref({ description: 'ws_1–ws_6 for work_style, ef_1–ef_4 for efficiency.' }),
    source: ProblemSourceEnum.ref({ description: 'Who found it.' }),
    channel: ProblemChannelEnum.ref({ description: 'How it was collected.' }),
    description: Description,
    causeAnalysis: Type.Optional(CauseAnalysis),
  },
  { $id: 'CreateFoundProblem', additionalProperties: false, description: 'A new problem found.' },
);
export type CreateProblem = Static<typeof CreateProblemSchema>;

export const UpdateProblemSchema = Type.Object(
  {
    dimension: Type.Optional(ProblemDimensionEnum.ref({ description: 'work_style or efficiency (the category must match).' })),
    category: Type.Optional(ProblemCategoryEnum.ref({ description: 'The category (must match the dimension).' })),
    source: Type.Optional(ProblemSourceEnum.ref({ description: 'Who found it.' })),
    channel: Type.Optional(ProblemChannelEnum.ref({ description: 'How it was collected.' })),
    description: Type.Optional(Description),
    causeAnalysis: Type.Optional(Type.Union([CauseAnalysis, Type.Null()], { description: 'The cause analysis; null clears it.' })),
  },
  { $id: 'UpdateFoundProblem', additionalProperties: false, minProperties: 1, description: 'The fields to change (absent = unchanged, null = cleared).' },
);
export type UpdateProblem = Static<typeof UpdateProblemSchema>;

export const ProblemActionSchema = Type.Object(
  { reason: Type.Optional(Text({ minLength: 1, maxLength: 2000, description: 'Why (required for :dismiss and :reopen).' })) },
  { additionalProperties: false, description: 'The reason for a status action.' },
);
export type ProblemAction = Static<typeof ProblemActionSchema>;


export const PROBLEM_ORDER_FIELDS = ['createdAt'] as const;
export const ProblemQuerySchema = Type.Object(
  {
    campaignId: Type.Optional(Id('Only problems of this campaign.')),
    unitId: Type.Optional(Id('Only problems of this unit.')),
    dimension: Type.Optional(ProblemDimensionEnum.ref({ description: 'Only this dimension.' })),
    category: Type.Optional(ProblemCategoryEnum.ref({ description: 'Only this category.' })),
    source: Type.Optional(ProblemSourceEnum.ref({ description: 'Only this source.' })),
    status: Type.Optional(ProblemStatusEnum.ref({ description: 'Only this status.' })),
    orderBy: orderByParam(PROBLEM_ORDER_FIELDS, 'createdAt'),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ProblemQuery = Static<typeof ProblemQuerySchema>;
export const ProblemPageSchema = PageOf(Type.Ref('FoundProblem'), 'A page of problems found.');
export const ProblemParams = Type.Object({ problemId: Id('The problem’s id.') });

export const campaignSchemas = [
  CampaignSchema,
  CreateCampaignSchema,
  UpdateCampaignSchema,
  PhaseSchema,
  UpdatePhaseSchema,
  PhaseReportSchema,
  PutPhaseReportSchema,
  ComplianceSchema,
  ProblemSchema_,
  CreateProblemSchema,
  UpdateProblemSchema,
];
