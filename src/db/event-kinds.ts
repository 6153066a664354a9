// Every kind of audit event the service writes (API.md 18; issue 12.11): which entities exist, which actions each
// has, and which component their before/after follow. The audit writer only accepts these pairs (a type error
// otherwise), the feed's `entity` filter is this enum (400 for anything else), and the Event component is a union
// discriminated by `entity` (and `action`, where an entity's actions carry different shapes) that a typed client can
// switch on.
import { Type, type TSchema } from 'typebox';
import { defineEnum } from '../lib/enums.js';
import { idSchema } from '../lib/ids.js';

/**
 * The entities, their zh-CN labels, their actions, and the component their before/after carry. Actions whose payload
 * has another shape are listed in ACTION_PAYLOADS below.
 */
export const EVENT_KINDS = {
  unit: { label: '单位', actions: ['create', 'update'], component: 'Unit' },
  // The key as GET /v1/api-keys/{keyId} shows it: never its hash or secret.
  api_key: { label: 'API 密钥', actions: ['create', 'revoke'], component: 'ApiKey' },
  campaign: { label: '活动', actions: ['create', 'update', 'start', 'close'], component: 'Campaign' },
  phase: { label: '工作步骤', actions: ['create', 'update', 'start', 'complete'], component: 'Phase' },
  phase_report: { label: '阶段报告', actions: ['create', 'update', 'send_back'], component: 'PhaseReport' },
  problem: { label: '查摆问题', actions: ['create', 'update', 'resolve', 'dismiss', 'reopen'], component: 'FoundProblem' },
  // progress and report_progress carry {progress} and the progress report, not the item (ACTION_PAYLOADS).
  rectification_item: {
    label: '整改事项',
    actions: ['create', 'breakdown', 'import_create', 'import_update', 'update', 'delete', 'progress', 'report_progress', 'start', 'submit', 'accept', 'reject', 'cancel', 'send_back'],
    component: 'RectificationItem',
  },
  commitment: { label: '公开承诺', actions: ['create', 'update'], component: 'Commitment' },
  approval_item: { label: '行政审批事项', actions: ['create', 'update', 'import_create', 'import_update', 'apply_decision'], component: 'ApprovalItem' },
  approval_review: { label: '审批事项清理审核', actions: ['create', 'update', 'submit', 'return', 'legal_review', 'decide', 'follow_up', 'publish'], component: 'ApprovalReview' },
  approval_decision_batch: { label: '常务会议决定', actions: ['create'], component: 'ApprovalDecisionBatch' },
  approval_announcement: { label: '清理结果公告', actions: ['create'], component: 'ApprovalAnnouncement' },
  fee_item: { label: '收费项目', actions: ['create', 'update'], component: 'FeeItem' },
  fee_review: { label: '收费清理审核', actions: ['create', 'update', 'finance_opinion', 'price_opinion', 'decide'], component: 'FeeReview' },
  fee_decision: { label: '收费清理决定', actions: ['create'], component: 'FeeDecision' },
  fee_catalogue: { label: '收费目录', actions: ['publish'], component: 'FeeCatalogue' },
  // Supervision (督促检查, 督办) and publicity (舆论宣传). deliver_conclusion carries {inspectionId, unitId, conclusion,
  // deliveredAt}, not the inspection (ACTION_PAYLOADS).
  inspection: { label: '督促检查', actions: ['create', 'start', 'conclude', 'deliver_conclusion'], component: 'Inspection' },
  inspection_finding: { label: '检查结论', actions: ['create', 'import_create', 'deliver', 'respond', 'verify', 'reject'], component: 'Finding' },
  supervision_order: { label: '督办单', actions: ['create', 'acknowledge', 'reply', 'close', 'return', 'remind', 'escalate'], component: 'SupervisionOrder' },
  publicity_record: { label: '宣传记录', actions: ['create', 'update', 'approve', 'publish', 'withdraw'], component: 'PublicityRecord' },
  // Opinions from the public and the agencies (意见建议, a 12345-style work order): submit 受理, merge_duplicate 并单,
  // route 派单, accept 签收, return 退单, answer 答复, rate 评价, revisit 回访, reopen 重办, close 办结, remind 催办;
  // read_contact records who read the personal data, when and why (no payload). Payloads never carry contact details.
  opinion: {
    label: '意见建议',
    actions: ['submit', 'merge_duplicate', 'create', 'import_create', 'import_update', 'route', 'accept', 'return', 'request_extension', 'grant_extension', 'refuse_extension', 'answer', 'rate', 'revisit', 'reopen', 'close', 'link_problem', 'escalate', 'remind', 'read_contact', 'erase_contact'],
    component: 'Opinion',
  },
  work_calendar: { label: '工作日历', actions: ['replace'], component: 'WorkCalendarYear' },
  // Webhook subscriptions: disabled is written by the delivery worker when it gives up (410, last retry, three days).
  webhook_subscription: { label: '推送订阅', actions: ['create', 'update', 'enable', 'disable', 'rotate_secret', 'replay', 'disabled'], component: 'WebhookSubscription' },
} as const;

export type EventEntity = keyof typeof EVENT_KINDS;
export type EventActionOf<E extends EventEntity> = (typeof EVENT_KINDS)[E]['actions'][number];
export type EventAction = EventActionOf<EventEntity>;

export const ENTITY_NAMES = Object.keys(EVENT_KINDS) as EventEntity[];

/** Entities only admin keys may read in the feed (the key register is not for platforms). */
export const ADMIN_ONLY_ENTITIES: readonly EventEntity[] = ['api_key'];

export const EventEntityEnum = defineEnum(
  'eventEntity',
  'The kind of resource an audit event concerns.',
  Object.fromEntries(ENTITY_NAMES.map((e) => [e, EVENT_KINDS[e].label])) as Record<EventEntity, string>,
);

const ACTION_LABELS: Record<EventAction, string> = {
  create: '创建', update: '修改', delete: '删除', revoke: '吊销', start: '开始', close: '结束', complete: '完成',
  resolve: '整改完成', dismiss: '不予认定', reopen: '重新打开', breakdown: '分解', import_create: '导入创建', import_update: '导入修改',
  progress: '进度汇总', report_progress: '报送进展', submit: '提交', accept: '销号', reject: '退回', cancel: '撤销',
  apply_decision: '执行决定', return: '退回', legal_review: '法制审核', decide: '决定', follow_up: '后续监管', publish: '公布',
  finance_opinion: '财政意见', price_opinion: '物价意见', send_back: '发回重做', deliver_conclusion: '送达检查结论', deliver: '送达',
  respond: '答复', verify: '核实通过', conclude: '结束检查', acknowledge: '签收', reply: '反馈', remind: '催办', escalate: '提级督办',
  approve: '审核通过', withdraw: '撤回', merge_duplicate: '重复诉求并单', route: '派单', request_extension: '申请延期',
  grant_extension: '同意延期', refuse_extension: '不同意延期', answer: '答复', rate: '评价', revisit: '回访', link_problem: '关联问题',
  read_contact: '查阅联系方式', erase_contact: '删除联系方式', replace: '替换', enable: '启用', disable: '停用', rotate_secret: '更换密钥', replay: '重放', disabled: '自动停用',
};
export const EventActionEnum = defineEnum('eventAction', 'What happened in an audit event; each entity has its own subset.', ACTION_LABELS);

const common = {
  sequence: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'The position in commit order; strictly increasing.' }),
  occurredAt: Type.String({ format: 'date-time', description: 'When the change was committed (UTC).' }),
  apiKeyId: Type.Union([Type.String({ maxLength: 36 }), Type.Null()], { description: 'The API key that made the change; null for the system (seeding).' }),
  unitId: Type.Union([Type.String({ maxLength: 36 }), Type.Null()], { description: 'The agency the change concerns.' }),
  requestId: Type.Union([Type.String({ maxLength: 128 }), Type.Null()], { description: 'The request id of the change.' }),
  entityId: Type.String({ maxLength: 64, description: 'The resource’s id.' }),
  reason: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], { description: 'The reason given, where the action needs one.' }),
};

/** A payload: a component by name, an inline schema, or null (the action has none on that side). */
type Shape = string | TSchema | null;

const PROGRESS = Type.Object(
  { progress: Type.Number({ minimum: 0, maximum: 100, description: 'The derived progress, 0–100.' }) },
  { additionalProperties: false, description: 'The item’s rolled-up progress (进度汇总).' },
);
const CONCLUSION_DELIVERY = Type.Object(
  {
    inspectionId: idSchema('The inspection.'),
    unitId: idSchema('The inspected unit the conclusion went to.'),
    conclusion: Type.String({ maxLength: 8000, description: 'The conclusion delivered.' }),
    deliveredAt: Type.String({ format: 'date-time', description: 'When it was delivered (UTC).' }),
  },
  { additionalProperties: false, description: 'The delivery of an inspection’s conclusion to one inspected unit (送达检查结论).' },
);

/** The actions whose before/after are not the entity's component, with the shapes they carry (one Event variant each). */
export const ACTION_PAYLOADS: { [E in EventEntity]?: Array<{ actions: Array<EventActionOf<E>>; before: Shape; after: Shape }> } = {
  rectification_item: [
    { actions: ['progress'], before: PROGRESS, after: PROGRESS },
    { actions: ['report_progress'], before: null, after: 'ProgressReport' },
  ],
  inspection: [{ actions: ['deliver_conclusion'], before: null, after: CONCLUSION_DELIVERY }],
  opinion: [{ actions: ['read_contact'], before: null, after: null }],
};

const payload = (shape: Shape, when: string): TSchema => {
  const description = `The representation ${when} (null when there is none).`;
  if (shape === null) return Type.Null({ description: `None ${when}: always null.` });
  return Type.Union([typeof shape === 'string' ? Type.Ref(shape) : shape, Type.Null()], { description });
};

/** An entity's variants: its own actions with its component, then one per group of ACTION_PAYLOADS. */
function variantsOf(e: EventEntity): Array<{ actions: readonly string[]; before: Shape; after: Shape }> {
  const kind = EVENT_KINDS[e];
  const special = (ACTION_PAYLOADS[e] ?? []) as Array<{ actions: readonly string[]; before: Shape; after: Shape }>;
  const taken = new Set(special.flatMap((v) => v.actions));
  return [{ actions: kind.actions.filter((a: string) => !taken.has(a)), before: kind.component, after: kind.component }, ...special];
}

/**
 * One variant per entity and payload shape: `entity` is a constant, `action` the actions with that shape, before/after
 * that shape. A client switches on `entity`, then on `action` where an entity has several shapes.
 */
export const EventSchema = Type.Union(
  ENTITY_NAMES.flatMap((e) => {
    const kind = EVENT_KINDS[e];
    const variants = variantsOf(e);
    return variants.map((v, n) =>
      Type.Object(
        {
          ...common,
          entity: Type.Literal(e, { description: `The kind of resource: ${e} (${kind.label}).` }),
          action: Type.Unsafe<string>({ type: 'string', enum: [...v.actions], description: `What happened to the ${e}: ${v.actions.join(', ')}.` }),
          before: payload(v.before, 'before the change'),
          after: payload(v.after, 'after the change'),
        },
        {
          title: n === 0 ? `${e} event` : `${e} ${v.actions.join(' ')} event`,
          description: `An audit event of a ${e} (${kind.label})${variants.length === 1 ? '' : `: ${v.actions.join(', ')}`}.`,
        },
      ),
    );
  }),
  { $id: 'Event', description: 'An audit event: one mutation, as committed. Switch on `entity` (a constant in each variant), then on `action` where an entity has several variants (their before/after differ); `action` lists the variant’s actions.' },
);
