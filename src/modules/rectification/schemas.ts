// TypeBox schemas of the ledger: rectification items, their queries, actions, progress reports, stats and imports.
import { codeFilter, externalIdFilter, updatedSinceFilter } from '../../http/registry-filters.js';
import { Type, type Static } from 'typebox';
import { defineEnum, stringEnum } from '../../lib/enums.js';
import { exportFormatParam } from '../../http/tabular/export-route.js';
import { idSchema } from '../../lib/ids.js';
import { PageOf, PageQuery, orderByParam } from '../../http/pagination.js';
import { ImportSheetQuery } from '../../http/tabular/index.js';
import { ROLL_UP_FORMULA } from './rules.js';
import { dateSchema } from '../../lib/dates.js';
import { NonEmptyText, Text as FreeText } from '../../http/text-schema.js';

export const ItemStatusEnum = defineEnum('rectificationStatus', 'The lifecycle state of a rectification item.', {
  not_started: '未开始',
  in_progress: '整改中',
  pending_acceptance: '申请销号',
  completed: '已销号',
  cancelled: '已撤销',
});

export const Id = idSchema;
const Nullable = <T extends ReturnType<typeof Type.String>>(s: T, description: string) => Type.Union([s, Type.Null()], { description });
const DateStr = dateSchema;
const Text = NonEmptyText;

export const CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$';
const Code = Type.String({ pattern: CODE_PATTERN, maxLength: 40, description: 'The item’s code (unique), e.g. ZG-2027-000012; generated as ZG-{campaign year}-{sequence} when not given.' });
const ExternalId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$', description: 'The item’s id in another system (unique): a natural key for imports.' });
const TaskCode = Type.String({ pattern: '^[0-9]{1,2}(\\.[0-9]{1,2}){0,2}$', maxLength: 8, description: 'The plan’s task the item belongs to, e.g. "3.1" (tasks are data, not a closed list).' });
const Title = Text(200, 'The item (整改事项), e.g. 减少行政审批事项.');
const Description = Text(4000, 'What is to be done.');
const Leader = Text(50, 'The responsible leader (责任领导).');
const DeadlineText = Text(50, 'The deadline in the plan’s words, e.g. 6月底前.');
const Weight = Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: 'The weight of this item in its parent’s progress roll-up (default 1).' });
const ResultText = (d: string) => Text(4000, d);
const UnitIds = (max: number, description: string) => Type.Array(Id('An agency (unit) id.'), { maxItems: max, uniqueItems: true, description });
const ProblemIds = Type.Array(Id('A problem id (查摆问题).'), { maxItems: 100, uniqueItems: true, description: 'The problems found that this item fixes.' });

export const ItemSchema = Type.Object(
  {
    id: Id('The item’s id (UUIDv7).'),
    code: Code,
    externalId: Nullable(ExternalId, 'The item’s id in another system, or null.'),
    campaignId: Id('The campaign the item belongs to.'),
    taskCode: Nullable(TaskCode, 'The plan’s task, e.g. "3.1", or null.'),
    title: Title,
    description: Nullable(Description, 'What is to be done, or null.'),
    leadUnitId: Id('The lead agency (牵头单位).'),
    coUnitIds: UnitIds(50, 'The co-operating agencies (配合单位).'),
    participantUnitIds: UnitIds(500, 'The participating agencies (参与单位).'),
    responsibleLeader: Nullable(Leader, 'The responsible leader, or null.'),
    deadline: DateStr('The deadline (完成时限): the end of this day in Asia/Shanghai.'),
    deadlineText: Nullable(DeadlineText, 'The deadline in the plan’s words, or null.'),
    parentId: Nullable(Id('The parent item.'), 'The item this one was broken down from, or null for a top-level item.'),
    weight: Weight,
    expectedResult: Nullable(ResultText('The expected result (预期成效).'), 'The expected result, or null.'),
    actualResult: Nullable(ResultText('The achieved result (整改成效).'), 'The achieved result, or null.'),
    problemIds: ProblemIds,
    status: ItemStatusEnum.ref({ description: 'The lifecycle state; changed only by actions (:start, :submit, :accept, :reject, :cancel).' }),
    progress: Type.Number({ minimum: 0, maximum: 100, description: `Derived. ${ROLL_UP_FORMULA}` }),
    latestProgress: Nullable(Text(4000, 'Completed work.'), 'Derived: the completed work of the lead agency’s latest report (最新进展), or null.'),
    latestReportedOn: Nullable(DateStr('A date.'), 'Derived: the date of the lead agency’s latest report, or null.'),
    overdue: Type.Boolean({ description: 'Derived (逾期): the end of the deadline day in Asia/Shanghai has passed and the item is neither completed nor cancelled.' }),
    submittedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Derived: when the lead last applied for acceptance (申请销号), or null.' }),
    completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Derived: when the office accepted the item (销号), or null.' }),
    completedOnTime: Type.Union([Type.Boolean(), Type.Null()], { description: 'Derived (按期完成): completed, and submitted for acceptance no later than the end of the deadline day; null until completed.' }),
    childrenCount: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'Derived: how many items were broken down from this one.' }),
    version: Type.Integer({ maximum: 2147483647, minimum: 1, description: 'The version, incremented on every change (including roll-ups); the ETag is this number quoted.' }),
    createdAt: Type.String({ format: 'date-time', description: 'When the item was created (UTC).' }),
    updatedAt: Type.String({ format: 'date-time', description: 'When the item last changed (UTC).' }),
  },
  { $id: 'RectificationItem', description: 'A rectification item (整改事项) of the ledger (整改台账).' },
);
export type Item = Static<typeof ItemSchema>;

const writable = {
  externalId: Type.Optional(ExternalId),
  taskCode: Type.Optional(TaskCode),
  title: Title,
  description: Type.Optional(Description),
  leadUnitId: Id('The lead agency (牵头单位).'),
  coUnitIds: Type.Optional(UnitIds(50, 'The co-operating agencies (配合单位).')),
  participantUnitIds: Type.Optional(UnitIds(500, 'The participating agencies (参与单位).')),
  responsibleLeader: Type.Optional(Leader),
  deadline: DateStr('The deadline: the end of this day in Asia/Shanghai.'),
  deadlineText: Type.Optional(DeadlineText),
  weight: Type.Optional(Weight),
  expectedResult: Type.Optional(ResultText('The expected result (预期成效).')),
  problemIds: Type.Optional(ProblemIds),
};

export const CreateItemSchema = Type.Object(
  {
    code: Type.Optional(Code),
    campaignId: Id('The campaign (must exist).'),
    parentId: Type.Optional(Id('The parent item (must exist, be visible to you and belong to the same campaign).')),
    ...writable,
  },
  { $id: 'CreateRectificationItem', additionalProperties: false, description: 'A new rectification item. An agency key may only create items its own agency leads.' },
);
export type CreateItem = Static<typeof CreateItemSchema>;

const Reason = Text(2000, 'Why: required when the deadline or the lead agency changes; kept in the audit trail.');

export const UpdateItemSchema = Type.Object(
  {
    externalId: Type.Optional(Type.Union([ExternalId, Type.Null()], { description: 'The external id; null clears it.' })),
    taskCode: Type.Optional(Type.Union([TaskCode, Type.Null()], { description: 'The task; null clears it.' })),
    title: Type.Optional(Title),
    description: Type.Optional(Type.Union([Description, Type.Null()], { description: 'What is to be done; null clears it.' })),
    leadUnitId: Type.Optional(Id('A new lead agency (admin only; needs a reason).')),
    coUnitIds: Type.Optional(UnitIds(50, 'The co-operating agencies (replaces the list).')),
    participantUnitIds: Type.Optional(UnitIds(500, 'The participating agencies (replaces the list).')),
    responsibleLeader: Type.Optional(Type.Union([Leader, Type.Null()], { description: 'The responsible leader; null clears it.' })),
    deadline: Type.Optional(DateStr('A new deadline (admin only; needs a reason).')),
    deadlineText: Type.Optional(Type.Union([DeadlineText, Type.Null()], { description: 'The deadline in words; null clears it.' })),
    weight: Type.Optional(Weight),
    expectedResult: Type.Optional(Type.Union([ResultText('The expected result.'), Type.Null()], { description: 'The expected result; null clears it.' })),
    actualResult: Type.Optional(Type.Union([ResultText('The achieved result.'), Type.Null()], { description: 'The achieved result; null clears it.' })),
    problemIds: Type.Optional(ProblemIds),
    reason: Type.Optional(Reason),
  },
  { $id: 'UpdateRectificationItem', additionalProperties: false, minProperties: 1, description: 'The fields to change (absent = unchanged, null = cleared). code, campaignId and parentId cannot change.' },
);
export type UpdateItem = Static<typeof UpdateItemSchema>;

export const ITEM_ORDER_FIELDS = ['deadline', 'updatedAt', 'code'] as const;

const BoolQ = (description: string) => Type.Boolean({ description });
export const itemFilterProps = {
  campaignId: Type.Optional(Id('Only items of this campaign.')),
  taskCode: Type.Optional(TaskCode),
  status: Type.Optional(ItemStatusEnum.ref({ description: 'Only items in this state.' })),
  leadUnitId: Type.Optional(Id('Only items this agency leads.')),
  involvesUnitId: Type.Optional(Id('Only items this agency leads, co-operates in or participates in.')),
  overdue: Type.Optional(BoolQ('true: only overdue items (deadline day over in Asia/Shanghai, not completed or cancelled); false: only items that are not.')),
  dueBefore: Type.Optional(DateStr('Only items with a deadline on or before this date.')),
  dueAfter: Type.Optional(DateStr('Only items with a deadline on or after this date.')),
  parentId: Type.Optional(Id('Only items broken down from this item.')),
  topLevel: Type.Optional(BoolQ('true: only items without a parent; false: only items with one.')),
  code: codeFilter('item'),
  externalId: externalIdFilter('item'),
  updatedSince: updatedSinceFilter('items'),
  q: Type.Optional(FreeText({ minLength: 1, maxLength: 50, description: 'Full text over title and description: any substring (Chinese included). 3 or more characters use the trigram index; 1–2 characters fall back to a substring scan (combine with other filters).' })),
};

export const ItemQuerySchema = Type.Object(
  { ...itemFilterProps, orderBy: orderByParam(ITEM_ORDER_FIELDS, 'deadline'), ...PageQuery },
  { additionalProperties: false },
);
export type ItemQuery = Static<typeof ItemQuerySchema>;
export type ItemFilter = Omit<ItemQuery, 'orderBy' | 'pageSize' | 'pageToken'>;

export const ExportQuerySchema = Type.Object(
  {
    ...itemFilterProps,
    orderBy: orderByParam(ITEM_ORDER_FIELDS, 'deadline'),
    format: exportFormatParam('xlsx'),
  },
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuerySchema>;

export const ItemPageSchema = PageOf(Type.Ref('RectificationItem'), 'A page of rectification items.');
export const ItemParams = Type.Object({ itemId: Id('The item’s id.') });

export const SubmitSchema = Type.Object(
  { actualResult: Type.Optional(ResultText('The achieved result (整改成效); may be given here or by PATCH beforehand.')) },
  { additionalProperties: false, description: 'Apply for acceptance (申请销号).' },
);
export const AcceptSchema = Type.Object(
  { comment: Type.Optional(Text(2000, 'The office’s remark, kept in the audit trail.')) },
  { additionalProperties: false, description: 'Accept the item (销号).' },
);
export const ReasonSchema = Type.Object({ reason: Text(2000, 'Why; kept in the audit trail.') }, { additionalProperties: false, description: 'An action that needs a reason.' });

export const BreakdownSchema = Type.Object(
  { unitIds: Type.Array(Id('An agency that gets its own child item.'), { minItems: 1, maxItems: 500, uniqueItems: true, description: 'One child item per agency (it leads it).' }) },
  { additionalProperties: false, description: 'Break an item down per agency (各市、县也要根据此原则进行清理).' },
);
export const BreakdownResultSchema = Type.Object(
  {
    created: Type.Integer({ maximum: 2147483647, minimum: 0, description: 'How many children were created by this call.' }),
    items: Type.Array(Type.Ref('RectificationItem'), { maxItems: 500, description: 'The child item of each requested agency, in request order (existing ones included).' }),
    parent: Type.Ref('RectificationItem'),
  },
  { description: 'The children, one per agency; idempotent per (parent, agency).' },
);

export const ProgressReportSchema = Type.Object(
  {
    id: Id('The report’s id.'),
    itemId: Id('The item.'),
    unitId: Id('The reporting agency.'),
    reportedOn: DateStr('The date the report is for.'),
    percent: Type.Number({ minimum: 0, maximum: 100, description: 'How far the work is, 0–100.' }),
    completedWork: Text(4000, 'Work done (已完成工作).'),
    nextSteps: Nullable(Text(4000, 'Next steps.'), 'Next steps (下一步计划), or null.'),
    issues: Nullable(Text(4000, 'Issues.'), 'Issues met (存在问题), or null.'),
    supportNeeded: Nullable(Text(4000, 'Support needed.'), 'Support needed (需协调事项), or null.'),
    createdAt: Type.String({ format: 'date-time', description: 'When the report was received (UTC).' }),
  },
  { $id: 'ProgressReport', description: 'A progress report (进展情况) on an item by its lead or a co-operating agency.' },
);
export type ProgressReport = Static<typeof ProgressReportSchema>;

export const CreateProgressSchema = Type.Object(
  {
    reportedOn: Type.Optional(DateStr('The date the report is for (default today in Asia/Shanghai; not in the future).')),
    percent: Type.Number({ minimum: 0, maximum: 100, multipleOf: 0.1, description: 'How far the work is, 0–100 (one decimal at most).' }),
    completedWork: Text(4000, 'Work done (已完成工作).'),
    nextSteps: Type.Optional(Text(4000, 'Next steps (下一步计划).')),
    issues: Type.Optional(Text(4000, 'Issues met (存在问题).')),
    supportNeeded: Type.Optional(Text(4000, 'Support needed (需协调事项).')),
  },
  { $id: 'CreateProgressReport', additionalProperties: false, description: 'A new progress report.' },
);
export type CreateProgress = Static<typeof CreateProgressSchema>;

export const ProgressReceiptSchema = Type.Object(
  { report: Type.Ref('ProgressReport'), item: Type.Ref('RectificationItem') },
  { description: 'The stored report and the item as it is now (progress recomputed, ancestors rolled up).' },
);
export const ProgressPageSchema = PageOf(Type.Ref('ProgressReport'), 'A page of progress reports, newest first.');
export const ProgressQuerySchema = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const ProgressParams = Type.Object({ itemId: Id('The item’s id.'), reportId: Id('The report’s id.') });

export const HistoryQuerySchema = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const HistoryPageSchema = PageOf(Type.Ref('Event'), 'The item’s audit events (transitions, changes, progress reports, roll-ups) in commit order: who, when, what (before/after) and why (reason).');

export const StatsQuerySchema = Type.Object(
  {
    campaignId: Type.Optional(Id('Only items of this campaign.')),
    groupBy: stringEnum(['leadUnit', 'taskCode', 'status'], { description: 'Group by lead agency, task or status.' }),
    topLevel: Type.Optional(BoolQ('true: only top-level items (no double counting of broken-down tasks); false: only children.')),
  },
  { additionalProperties: false },
);
export type StatsQuery = Static<typeof StatsQuerySchema>;

const Count = (d: string) => Type.Integer({ maximum: 2147483647, minimum: 0, description: d });
const statsFields = {
  total: Count('Items.'),
  completed: Count('Completed items (已销号).'),
  completedOnTime: Count('Completed items submitted by their deadline.'),
  overdue: Count('Overdue items (as of now, Asia/Shanghai).'),
  averageProgress: Type.Number({ minimum: 0, maximum: 100, description: 'The unweighted mean progress of the non-cancelled items, one decimal (0 when none).' }),
};
export const StatsSchema = Type.Object(
  {
    groupBy: Type.String({ maxLength: 16, description: 'The grouping used.' }),
    asOf: DateStr('Today in Asia/Shanghai: overdue is counted as of this date.'),
    groups: Type.Array(
      Type.Object({
        key: Type.Union([Type.String({ maxLength: 64 }), Type.Null()], { description: 'The lead unit id, task code or status (null: items without a task).' }),
        label: Type.Union([Type.String({ maxLength: 200 }), Type.Null()], { description: 'The unit’s name or the status label; null for tasks.' }),
        ...statsFields,
      }),
      { maxItems: 10000, description: 'One row per group, ordered by key.' },
    ),
    totals: Type.Object(statsFields, { description: 'All groups together.' }),
  },
  { description: 'Ledger statistics.' },
);

/** One import row (JSON), the same fields as a create plus code to upsert by. CSV rows are mapped onto it. */
export const ImportRowSchema = Type.Object(
  {
    code: Type.Optional(Code),
    campaignId: Type.Optional(Id('The campaign of a new item (default: the campaignId query parameter).')),
    parentId: Type.Optional(Id('The parent of a new item.')),
    ...writable,
  },
  { $id: 'RectificationImportRow', additionalProperties: false, description: 'An item to create or update, matched by code, else by externalId.' },
);
export type ImportRow = Static<typeof ImportRowSchema>;

export const ImportBodySchema = Type.Object(
  { items: Type.Array(Type.Ref('RectificationImportRow'), { minItems: 1, maxItems: 100000, description: 'The items.' }) },
  { additionalProperties: false, description: 'Items to upsert.' },
);
export const ImportQuerySchema = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ description: 'true: validate only, write nothing.' })),
    campaignId: Type.Optional(Id('The campaign of new items that do not name one (CSV rows never do).')),
    ...ImportSheetQuery,
  },
  { additionalProperties: false },
);
