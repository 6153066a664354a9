// Approval-item cleanup (行政审批事项清理): TypeBox schemas of the catalogue, the reviews, decisions and announcements.
import { codeFilter, externalIdFilter, externalIdOut, externalIdPatch, externalIdSchema, nameSearchFilter, updatedSinceFilter } from '../../http/registry-filters.js';
import { Type, type Static } from 'typebox';
import { defineEnum } from '../../lib/enums.js';
import { idSchema } from '../../lib/ids.js';
import { PageOf, PageQuery, orderByParam } from '../../http/pagination.js';
import { ImportSheetQuery } from '../../http/tabular/index.js';
import { dateSchema } from '../../lib/dates.js';
import { NonEmptyText, Text as FreeText } from '../../http/text-schema.js';
import { UNIT_REF_ORDER } from '../units/resolver.js';

export const ApprovalKindEnum = defineEnum('approvalKind', 'The kind of an approval item.', {
  licence: '行政许可',
  non_licence: '非行政许可审批',
});

export const BasisLevelEnum = defineEnum('basisLevel', 'The level of a legal basis of an approval item (`unknown`: not given, e.g. CSV imports without 依据层级).', {
  law: '法律',
  administrative_regulation: '行政法规',
  state_council_decision: '国务院决定',
  state_council_document: '国务院文件',
  regional_regulation: '自治区地方性法规',
  regional_government_rule: '自治区政府规章',
  departmental_rule: '部门规章',
  normative_document: '规范性文件',
  unknown: '未注明',
});

export const BasisRoleEnum = defineEnum('basisRole', 'What a basis does for an approval item.', {
  setting: '设定依据',
  implementing: '实施依据',
});

export const SiblingProvincesEnum = defineEnum('siblingProvinces', 'Whether sibling provinces (兄弟省(区、市)) set this approval.', {
  none_set: '兄弟省(区、市)没有设定',
  set_then_cancelled: '原来设有现已取消',
  commonly_set: '普遍设定',
  unknown: '不详',
});

export const StatutoryLevelEnum = defineEnum('statutoryLevel', 'The level of government the statute assigns the approval to.', {
  county_and_above: '县级以上人民政府部门',
  city_and_above: '设区的市级以上人民政府部门',
  region_only: '省(自治区)级人民政府部门',
  unspecified: '未规定',
});

export const ImplementationLevelEnum = defineEnum('implementationLevel', 'The level of government that mainly carries out an approval in practice.', {
  region: '自治区',
  city: '市',
  county: '县',
});

export const DelegateToEnum = defineEnum('delegateTo', 'The level an approval power is delegated to (下放).', {
  city: '下放到市',
  county: '下放到县',
});

export const ApprovalItemStatusEnum = defineEnum('approvalItemStatus', 'The catalogue status of an approval item; changed only by an announcement.', {
  active: '保留(在目录中)',
  cancelled: '已取消',
  delegated: '已下放',
  merged: '已合并',
});

export const DispositionEnum = defineEnum(
  'approvalDisposition',
  'What the cleanup does with an approval item. The set grows: partial_cancel (部分取消), partial_delegate (部分下放) and reclassify_as_filing (改为备案) are planned values.',
  {
    retain: '保留',
    cancel: '取消',
    delegate: '下放',
    merge: '合并',
  },
);

export const ReviewStageEnum = defineEnum('approvalReviewStage', 'Where a cleanup review stands: agency proposal → legal review → executive decision → announcement.', {
  draft: '单位自查(草拟)',
  submitted: '已报送法制办',
  returned: '已退回单位',
  legally_reviewed: '法制办已审核',
  decided: '常务会议已审定',
  published: '已向社会公布',
});

export const LegalVerdictEnum = defineEnum('legalVerdict', 'The legal affairs office’s verdict on a proposal.', {
  agree: '同意',
  amend: '修改',
});

export const SeverityEnum = defineEnum('findingSeverity', 'How binding a rule is: 一律 (required), 原则上 (principle), or information.', {
  required: '一律(必须)',
  principle: '原则上(偏离须说明理由)',
  info: '提示',
});

/** The plan's rule ids are identifiers of the plan (A1–A6), not enum values: a patterned string. */
const RULE_LABELS = 'A1 地方性法规设定、兄弟省没有设定的行政许可原则上取消; A2 非行政许可审批除国务院明确规定外原则上一律取消; A3 确需保留的报常务会议讨论决定; A4 依据相同、内容包容或联系紧密的一律合并; A5 县级以上审批、主要由市县实施的一律下放; A6 后续规范:简化环节、明确主体、集中办理、事后监督,不得变相审批';
export const RuleIdSchema = (description: string) =>
  Type.Unsafe<'A1' | 'A2' | 'A3' | 'A4' | 'A5' | 'A6'>({ type: 'string', pattern: '^A[1-6]$', minLength: 2, maxLength: 2, description: `${description} The plan’s approval-cleanup rules: ${RULE_LABELS}.` });

const Id = idSchema;
const Text = NonEmptyText;
const Version = Type.Integer({ maximum: 2147483647, minimum: 1, description: 'The version, incremented on every change; the ETag is this number quoted.' });
const Instant = (description: string) => Type.String({ format: 'date-time', description });
const DateField = dateSchema;
const Nullable = <T extends ReturnType<typeof Type.String>>(s: T, description: string) => Type.Union([s, Type.Null()], { description });

export const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$', description: 'The item code (事项编码), unique: the natural key of imports.' });
const ItemName = Text(200, 'The item name (事项名称).');

export const BasisSchema = Type.Object(
  {
    level: BasisLevelEnum.ref({ description: 'The level of the basis.' }),
    title: Text(500, 'The title of the law, regulation or document, e.g. 《中华人民共和国行政许可法》.'),
    article: Type.Optional(Type.Union([FreeText({ maxLength: 200, description: 'The article, e.g. 第十二条.' }), Type.Null()], { description: 'The article, or null.' })),
    role: Type.Optional(BasisRoleEnum.ref({ description: 'Setting basis (设定依据, default) or implementing basis (实施依据).' })),
  },
  { $id: 'ApprovalBasis', additionalProperties: false, description: 'A legal basis of an approval item.' },
);
export type Basis = Static<typeof BasisSchema>;

const Bases = Type.Array(Type.Ref('ApprovalBasis'), { maxItems: 50, description: 'The legal bases (设定依据、实施依据).' });

export const ApprovalItemSchema = Type.Object(
  {
    id: Id('The item’s id (UUIDv7).'),
    code: Code,
    externalId: externalIdOut('item'),
    name: ItemName,
    implementingUnitId: Id('The implementing agency (实施机关).'),
    kind: ApprovalKindEnum.ref({ description: 'Licence or non-licence approval.' }),
    bases: Bases,
    siblingProvinces: SiblingProvincesEnum.ref({ description: 'Whether sibling provinces set it.' }),
    statutoryLevel: Type.Union([StatutoryLevelEnum.ref({ description: 'The statutory level.' }), Type.Null()], { description: 'The level the statute assigns, or null when unknown.' }),
    mainlyImplementedAt: Type.Union([ImplementationLevelEnum.ref({ description: 'The level of practice.' }), Type.Null()], { description: 'Where it is mainly carried out, or null when unknown.' }),
    remarks: Nullable(Type.String({ maxLength: 2000, description: 'Remarks (备注).' }), 'Remarks (备注), or null.'),
    status: ApprovalItemStatusEnum.ref({ description: 'The catalogue status (read-only; changed by announcements).' }),
    mergedIntoId: Nullable(Id('The item it was merged into.'), 'For merged items: the item it was merged into; else null.'),
    delegatedTo: Type.Union([DelegateToEnum.ref({ description: 'The level.' }), Type.Null()], { description: 'For delegated items: the level it went to; else null.' }),
    receivingBody: Nullable(Type.String({ maxLength: 200, description: 'The receiving body.' }), 'For delegated items: the receiving body; else null.'),
    version: Version,
    createdAt: Instant('When the item was created (UTC).'),
    updatedAt: Instant('When the item last changed (UTC).'),
  },
  { $id: 'ApprovalItem', description: 'An approval item of the catalogue (行政审批事项).' },
);
export type ApprovalItem = Static<typeof ApprovalItemSchema>;

const itemInputFields = {
  code: Code,
  externalId: Type.Optional(externalIdSchema('item')),
  name: ItemName,
  implementingUnitId: Id('The implementing agency (must exist).'),
  kind: ApprovalKindEnum.ref({ description: 'Licence or non-licence approval.' }),
  bases: Type.Optional(Bases),
  siblingProvinces: Type.Optional(SiblingProvincesEnum.ref({ description: 'Whether sibling provinces set it (default unknown).' })),
  statutoryLevel: Type.Optional(Type.Union([StatutoryLevelEnum.ref({ description: 'The statutory level.' }), Type.Null()], { description: 'The statutory level, or null.' })),
  mainlyImplementedAt: Type.Optional(Type.Union([ImplementationLevelEnum.ref({ description: 'The level.' }), Type.Null()], { description: 'Where it is mainly carried out, or null.' })),
  remarks: Type.Optional(Nullable(FreeText({ maxLength: 2000, description: 'Remarks.' }), 'Remarks (备注), or null.')),
};

export const CreateApprovalItemSchema = Type.Object(
  {
    ...itemInputFields,
    override: Type.Optional(
      Type.Object(
        { reason: Text(2000, 'Why the item may be created although it matches a cancelled one.') },
        { additionalProperties: false, description: 'Admin only: create although the name matches an item cancelled for the same agency (A6, 变相审批).' },
      ),
    ),
  },
  { $id: 'CreateApprovalItem', additionalProperties: false, description: 'A new catalogue item.' },
);
export type CreateApprovalItem = Static<typeof CreateApprovalItemSchema>;

export const UpdateApprovalItemSchema = Type.Object(
  {
    name: Type.Optional(ItemName),
    externalId: externalIdPatch('item'),
    kind: Type.Optional(ApprovalKindEnum.ref({ description: 'Licence or non-licence approval.' })),
    bases: Type.Optional(Bases),
    siblingProvinces: Type.Optional(SiblingProvincesEnum.ref({ description: 'Whether sibling provinces set it.' })),
    statutoryLevel: itemInputFields.statutoryLevel,
    mainlyImplementedAt: itemInputFields.mainlyImplementedAt,
    remarks: itemInputFields.remarks,
  },
  { $id: 'UpdateApprovalItem', additionalProperties: false, minProperties: 1, description: 'The fields to change (merge patch). Code, agency and status are not patchable.' },
);
export type UpdateApprovalItem = Static<typeof UpdateApprovalItemSchema>;

/** One row of a JSON import: the create fields; the agency may be named by id, name or credit code. */
export const ImportApprovalItemRowSchema = Type.Object(
  {
    code: Code,
    externalId: itemInputFields.externalId,
    name: ItemName,
    implementingUnitId: Type.Optional(Id('The implementing agency by id.')),
    implementingUnit: Type.Optional(Text(200, `The implementing agency (实施机关) by ${UNIT_REF_ORDER}.`)),
    kind: Type.Optional(ApprovalKindEnum.ref({ description: 'Default licence.' })),
    bases: itemInputFields.bases,
    siblingProvinces: itemInputFields.siblingProvinces,
    statutoryLevel: itemInputFields.statutoryLevel,
    mainlyImplementedAt: itemInputFields.mainlyImplementedAt,
    remarks: itemInputFields.remarks,
  },
  { additionalProperties: false, description: 'One catalogue item to create or update by code.' },
);
export type ImportApprovalItemRow = Static<typeof ImportApprovalItemRowSchema>;

export const ImportApprovalItemsSchema = Type.Object(
  { items: Type.Array(ImportApprovalItemRowSchema, { maxItems: 200000, description: 'The rows.' }) },
  { additionalProperties: false, description: 'JSON import: rows upserted by code.' },
);

export const IMPORT_SHEET_DESCRIPTION =
  `A sheet with the headers of published lists: 事项编码, 事项名称, optional 外部编号 (the item’s id in another system, unique), 实施机关 (${UNIT_REF_ORDER}), 设定依据, 实施依据, 备注, optional 类型 (行政许可 | 非行政许可审批; default 行政许可) and 依据层级 (default unknown).`;

export const ImportQuerySchema = Type.Object(
  { dryRun: Type.Optional(Type.Boolean({ description: 'Validate only; write nothing.' })), ...ImportSheetQuery },
  { additionalProperties: false },
);

export const ITEM_ORDER_FIELDS = ['createdAt', 'code'] as const;

export const ApprovalItemQuerySchema = Type.Object(
  {
    implementingUnitId: Type.Optional(Id('Only items of this agency.')),
    status: Type.Optional(ApprovalItemStatusEnum.ref({ description: 'Only items with this status.' })),
    kind: Type.Optional(ApprovalKindEnum.ref({ description: 'Only items of this kind.' })),
    code: codeFilter('item'),
    externalId: externalIdFilter('item'),
    q: nameSearchFilter('Items'),
    updatedSince: updatedSinceFilter('items'),
    orderBy: orderByParam(ITEM_ORDER_FIELDS, 'createdAt'),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ApprovalItemQuery = Static<typeof ApprovalItemQuerySchema>;
export const ApprovalItemPageSchema = PageOf(Type.Ref('ApprovalItem'), 'A page of approval items.');
export const ItemParams = Type.Object({ itemId: Id('The item’s id.') });

// ---- reviews

export const FindingSchema = Type.Object(
  {
    rule: RuleIdSchema('The rule (A1–A6).'),
    severity: SeverityEnum.ref({ description: 'How binding the rule is.' }),
    departure: Type.Boolean({ description: 'True when the proposal departs from the rule.' }),
    message: Type.String({ maxLength: 1000, description: 'What the rule says about this proposal (zh-CN).' }),
    recommendation: Type.Union([DispositionEnum.ref({ description: 'The disposition.' }), Type.Null()], { description: 'The disposition the rule recommends, or null.' }),
  },
  { $id: 'ApprovalFinding', description: 'A rule finding, computed afresh on every read and write.' },
);

const DispositionFields = {
  delegateTo: Type.Union([DelegateToEnum.ref({ description: 'The level.' }), Type.Null()], { description: 'For delegate: city or county; else null.' }),
  receivingBody: Nullable(FreeText({ maxLength: 200, description: 'The receiving body.' }), 'For delegate: the receiving body (承接主体); else null.'),
  mergeIntoItemId: Nullable(Id('The target item.'), 'For merge: the item merged into; else null.'),
};

export const FollowUpSchema = Type.Object(
  {
    stepsBefore: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: 'Retained: steps (环节) before.' })),
    stepsAfter: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: 'Retained: steps after.' })),
    timeLimitDaysBefore: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: 'Retained: time limit in days before.' })),
    timeLimitDaysAfter: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: 'Retained: time limit in days after.' })),
    receivingUnitId: Type.Optional(Id('Delegated: the receiving unit.')),
    handoverOn: Type.Optional(DateField('Delegated: the hand-over date.')),
    processingUnit: Type.Optional(Text(200, 'Merged: the one internal body (机构) that processes the merged item.')),
    supervisionMeasure: Type.Optional(Text(4000, 'Cancelled: the after-the-fact supervision measure (事后监督).')),
  },
  { $id: 'ApprovalFollowUp', additionalProperties: false, description: 'Follow-up regulation (A6); the fields required depend on the decided disposition.' },
);
export type FollowUpInput = Static<typeof FollowUpSchema>;

export const ApprovalReviewSchema = Type.Object(
  {
    id: Id('The review’s id (UUIDv7).'),
    campaignId: Id('The campaign.'),
    itemId: Id('The item reviewed.'),
    code: Type.String({ maxLength: 64, pattern: '^[\\x21-\\x7e]+$', description: 'The reviewed item’s code (事项编码) when the review was created: with campaignId it names the review.' }),
    externalId: externalIdOut('review'),
    unitId: Id('The item’s implementing agency, which owns the proposal.'),
    stage: ReviewStageEnum.ref({ description: 'Where the review stands.' }),
    disposition: DispositionEnum.ref({ description: 'The agency’s proposed disposition.' }),
    ...DispositionFields,
    rationale: Type.String({ maxLength: 4000, description: 'The agency’s rationale.' }),
    justification: Nullable(Type.String({ maxLength: 4000, description: 'Justification.' }), 'Why the proposal departs from a rule, or null.'),
    returnReason: Nullable(Type.String({ maxLength: 2000, description: 'Reason.' }), 'Why the legal office returned it (last time), or null.'),
    submittedAt: Nullable(Instant('When.'), 'When it was last submitted, or null.'),
    legalReview: Type.Union(
      [
        Type.Object(
          {
            verdict: LegalVerdictEnum.ref({ description: 'Agree or amend.' }),
            opinion: Type.String({ maxLength: 4000, description: 'The legal office’s opinion.' }),
            disposition: DispositionEnum.ref({ description: 'The disposition after the review (the amended one for amend).' }),
            ...DispositionFields,
            override: Type.Union(
              [
                Type.Object(
                  {
                    reason: Type.String({ maxLength: 2000, description: 'Why the departure is accepted.' }),
                    rules: Type.Array(RuleIdSchema('A rule.'), { maxItems: 6, description: 'The required rules overridden.' }),
                  },
                  { description: 'The recorded override.' },
                ),
                Type.Null(),
              ],
              { description: 'The override of required (一律) rules, or null.' },
            ),
            reviewedAt: Instant('When.'),
          },
          { description: 'The legal review.' },
        ),
        Type.Null(),
      ],
      { description: 'The legal affairs office’s review, or null before it.' },
    ),
    decision: Type.Union(
      [
        Type.Object(
          {
            batchId: Id('The decision batch.'),
            meetingNumber: Type.String({ maxLength: 100, description: 'The executive meeting’s number.' }),
            meetingDate: DateField('The meeting date.'),
            disposition: DispositionEnum.ref({ description: 'The decided disposition.' }),
            ...DispositionFields,
          },
          { description: 'The executive decision.' },
        ),
        Type.Null(),
      ],
      { description: 'The executive meeting’s decision, or null before it.' },
    ),
    announcementId: Nullable(Id('The announcement.'), 'The announcement that published it, or null.'),
    followUp: Type.Union([Type.Ref('ApprovalFollowUp'), Type.Null()], { description: 'The follow-up regulation, or null.' }),
    findings: Type.Array(Type.Ref('ApprovalFinding'), { maxItems: 20, description: 'Rule findings for the disposition in force, computed now.' }),
    version: Version,
    createdAt: Instant('When it was created (UTC).'),
    updatedAt: Instant('When it last changed (UTC).'),
  },
  { $id: 'ApprovalReview', description: 'A cleanup review of one item in one campaign.' },
);
export type ApprovalReview = Static<typeof ApprovalReviewSchema>;

const proposalInput = {
  disposition: DispositionEnum.ref({ description: 'The proposed disposition.' }),
  delegateTo: Type.Optional(DispositionFields.delegateTo),
  receivingBody: Type.Optional(DispositionFields.receivingBody),
  mergeIntoItemId: Type.Optional(DispositionFields.mergeIntoItemId),
};

export const CreateApprovalReviewSchema = Type.Object(
  {
    campaignId: Id('The campaign.'),
    itemId: Id('The item (must be active and the key’s agency’s).'),
    externalId: Type.Optional(externalIdSchema('review')),
    ...proposalInput,
    rationale: Text(4000, 'The rationale of the proposal.'),
    justification: Type.Optional(Nullable(FreeText({ maxLength: 4000, description: 'Justification.' }), 'Why the proposal departs from a rule.')),
  },
  { $id: 'CreateApprovalReview', additionalProperties: false, description: 'A new proposal (draft).' },
);
export type CreateApprovalReview = Static<typeof CreateApprovalReviewSchema>;

export const UpdateApprovalReviewSchema = Type.Object(
  {
    disposition: Type.Optional(proposalInput.disposition),
    delegateTo: proposalInput.delegateTo,
    receivingBody: proposalInput.receivingBody,
    mergeIntoItemId: proposalInput.mergeIntoItemId,
    rationale: Type.Optional(Text(4000, 'The rationale.')),
    justification: Type.Optional(Nullable(FreeText({ maxLength: 4000, description: 'Justification.' }), 'Why the proposal departs from a rule; null clears it.')),
  },
  { $id: 'UpdateApprovalReview', additionalProperties: false, minProperties: 1, description: 'Changes to a draft or returned proposal (merge patch).' },
);
export type UpdateApprovalReview = Static<typeof UpdateApprovalReviewSchema>;

export const LegalReviewSchema = Type.Object(
  {
    verdict: LegalVerdictEnum.ref({ description: 'Agree or amend.' }),
    opinion: Text(4000, 'The legal office’s opinion (审核意见).'),
    disposition: Type.Optional(DispositionEnum.ref({ description: 'For amend: the amended disposition (required).' })),
    delegateTo: proposalInput.delegateTo,
    receivingBody: proposalInput.receivingBody,
    mergeIntoItemId: proposalInput.mergeIntoItemId,
    override: Type.Optional(
      Type.Object({ reason: Text(2000, 'Why a departure from a required (一律) rule is accepted.') }, { additionalProperties: false, description: 'Needed when the disposition departs from a required rule.' }),
    ),
  },
  { $id: 'LegalReview', additionalProperties: false, description: 'The legal affairs office’s review.' },
);
export type LegalReviewInput = Static<typeof LegalReviewSchema>;

export const ReturnReviewSchema = Type.Object(
  { reason: Text(2000, 'Why the proposal goes back to the agency.') },
  { $id: 'ReturnApprovalReview', additionalProperties: false, description: 'Sends a submitted review back to its agency.' },
);

export const REVIEW_ORDER_FIELDS = ['createdAt'] as const;
export const ApprovalReviewQuerySchema = Type.Object(
  {
    campaignId: Type.Optional(Id('Only reviews of this campaign.')),
    stage: Type.Optional(ReviewStageEnum.ref({ description: 'Only reviews at this stage.' })),
    unitId: Type.Optional(Id('Only reviews of this agency.')),
    code: codeFilter('reviews of the item'),
    externalId: externalIdFilter('review'),
    updatedSince: updatedSinceFilter('reviews'),
    orderBy: orderByParam(REVIEW_ORDER_FIELDS, 'createdAt'),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ApprovalReviewQuery = Static<typeof ApprovalReviewQuerySchema>;
export const ApprovalReviewPageSchema = PageOf(Type.Ref('ApprovalReview'), 'A page of cleanup reviews.');
export const ReviewParams = Type.Object({ reviewId: Id('The review’s id.') });

const DispositionCounts = Type.Object(
  {
    retain: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Retained (保留).' }),
    cancel: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Cancelled (取消).' }),
    delegate: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Delegated (下放).' }),
    merge: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Merged (合并).' }),
  },
  { additionalProperties: Type.Integer({ maximum: 2147483647, minimum: 0 }), description: 'Counts per disposition (values added later appear as further keys).' },
);

export const SummarySchema = Type.Object(
  {
    campaignId: Id('The campaign.'),
    reviews: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Reviews in the campaign (in the key’s view).' }),
    proposed: DispositionCounts,
    decided: DispositionCounts,
    byStage: Type.Object(
      {
        draft: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Draft.' }),
        submitted: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Submitted.' }),
        returned: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Returned.' }),
        legally_reviewed: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Legally reviewed.' }),
        decided: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Decided, not yet announced.' }),
        published: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Announced.' }),
      },
      { additionalProperties: Type.Integer({ maximum: 2147483647, minimum: 0 }), description: 'Counts per stage.' },
    ),
    catalogueBefore: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Active catalogue items before the campaign’s decided outcomes.' }),
    catalogueAfter: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Active items once every decided outcome applies (cancelled, delegated and merged items leave).' }),
    reductionPercent: Type.Number({ minimum: 0, maximum: 100, description: 'The reduction (before − after) / before in percent, one decimal.' }),
    retainedWithTimeLimits: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Decided retained items whose follow-up gives time limits before and after.' }),
    averageTimeLimitReductionDays: Type.Union([Type.Number({ minimum: -3650, maximum: 3650 }), Type.Null()], { description: 'Mean of (before − after) time limit in days over those items, or null when none.' }),
    averageTimeLimitReductionPercent: Type.Union([Type.Number({ minimum: -100000, maximum: 100 }), Type.Null()], { description: 'Mean of the per-item reduction in percent, one decimal, or null when none.' }),
  },
  { $id: 'ApprovalSummary', description: 'The figures the region announces for the approval cleanup.' },
);
export type Summary = Static<typeof SummarySchema>;
export const SummaryQuerySchema = Type.Object(
  {
    campaignId: Id('The campaign.'),
    implementingUnitId: Type.Optional(Id('Only this agency’s items and reviews.')),
  },
  { additionalProperties: false },
);

export const DecisionBatchInputSchema = Type.Object(
  {
    meetingNumber: Text(100, 'The executive meeting’s number, e.g. 第12次常务会议.'),
    meetingDate: DateField('The meeting date.'),
    decisions: Type.Array(
      Type.Object(
        {
          reviewId: Id('A legally reviewed review.'),
          disposition: DispositionEnum.ref({ description: 'The decided disposition.' }),
          delegateTo: proposalInput.delegateTo,
          receivingBody: proposalInput.receivingBody,
          mergeIntoItemId: proposalInput.mergeIntoItemId,
        },
        { additionalProperties: false, description: 'One decision; delegate/merge details default to the legally reviewed ones.' },
      ),
      { minItems: 1, maxItems: 5000, description: 'The decisions (all or nothing).' },
    ),
  },
  { $id: 'ApprovalDecisionBatchInput', additionalProperties: false, description: 'A batch of the executive meeting’s decisions.' },
);
export type DecisionBatchInput = Static<typeof DecisionBatchInputSchema>;

export const DecisionBatchSchema = Type.Object(
  {
    id: Id('The batch id.'),
    meetingNumber: Type.String({ maxLength: 100, description: 'The meeting number.' }),
    meetingDate: DateField('The meeting date.'),
    decisionCount: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'How many reviews were decided.' }),
    reviewIds: Type.Array(Id('A review.'), { maxItems: 5000, description: 'The reviews decided.' }),
    version: Version,
    createdAt: Instant('When it was recorded.'),
  },
  { $id: 'ApprovalDecisionBatch', description: 'A recorded batch of executive decisions.' },
);

export const AnnouncementInputSchema = Type.Object(
  {
    title: Text(200, 'The title.'),
    documentNumber: Text(100, 'The document number (文号).'),
    publishedOn: DateField('The date of publication.'),
    campaignId: Type.Optional(Id('Only publish this campaign’s decided reviews (default: every decided one).')),
  },
  { $id: 'ApprovalAnnouncementInput', additionalProperties: false, description: 'Publishes every decided, unpublished review.' },
);
export type AnnouncementInput = Static<typeof AnnouncementInputSchema>;

export const AnnouncementEntrySchema = Type.Object(
  {
    itemId: Id('The item.'),
    code: Code,
    name: Type.String({ maxLength: 200, description: 'The item name.' }),
    implementingUnitName: Type.String({ maxLength: 200, description: 'The implementing agency.' }),
    disposition: DispositionEnum.ref({ description: 'The decided disposition.' }),
    ...DispositionFields,
    mergeIntoCode: Nullable(Type.String({ maxLength: 64, description: 'Code.' }), 'For merge: the target item’s code; else null.'),
  },
  { description: 'One published outcome.' },
);

export const AnnouncementSchema = Type.Object(
  {
    id: Id('The announcement id.'),
    title: Type.String({ maxLength: 200, description: 'The title.' }),
    documentNumber: Type.String({ maxLength: 100, description: 'The document number.' }),
    publishedOn: DateField('The date of publication.'),
    counts: DispositionCounts,
    entries: Type.Array(AnnouncementEntrySchema, { maxItems: 100000, description: 'The outcomes, by item code.' }),
    version: Version,
    createdAt: Instant('When it was recorded.'),
  },
  { $id: 'ApprovalAnnouncement', description: 'An announcement of cleanup outcomes (公告); public, no personal data.' },
);
export type Announcement = Static<typeof AnnouncementSchema>;
export const AnnouncementParams = Type.Object({ announcementId: Id('The announcement id.') });

export const PublicCatalogueEntrySchema = Type.Object(
  {
    id: Id('The item id.'),
    code: Code,
    name: ItemName,
    kind: ApprovalKindEnum.ref({ description: 'Licence or non-licence approval.' }),
    implementingUnitId: Id('The implementing agency.'),
    implementingUnitName: Type.String({ maxLength: 200, description: 'The implementing agency (实施机关).' }),
    bases: Bases,
  },
  { $id: 'PublicApprovalItem', description: 'An active item of the published catalogue.' },
);
export const PublicCatalogueQuerySchema = Type.Object(
  {
    implementingUnitId: Type.Optional(Id('Only this agency’s items.')),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export const PublicCataloguePageSchema = PageOf(Type.Ref('PublicApprovalItem'), 'A page of the public catalogue, by code.');
