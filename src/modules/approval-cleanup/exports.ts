// Exports of the approval catalogue and of the cleanup reviews with their rule findings (issue 12.7). The catalogue's
// columns are the import's (事项编码 … 依据层级), so an exported sheet edited in Excel imports back by code.
import type { FastifyInstance } from 'fastify';
import { addExportRoute, unitNames } from '../../http/tabular/index.js';
import type { createApprovalService } from './service.js';
import {
  ApprovalItemQuerySchema,
  ApprovalItemStatusEnum,
  ApprovalKindEnum,
  ApprovalReviewQuerySchema,
  BasisLevelEnum,
  DispositionEnum,
  LegalVerdictEnum,
  ReviewStageEnum,
  SeverityEnum,
  type ApprovalItemQuery,
  type ApprovalReviewQuery,
} from './schemas.js';

type Service = ReturnType<typeof createApprovalService>;
type Item = ReturnType<Service['listItems']>['items'][number];
type Review = ReturnType<Service['listReviews']>['items'][number];
type Finding = { rule: string; severity: string; departure: boolean; message: string };
type Basis = { level: keyof typeof BasisLevelEnum.labels; title: string; article?: string | null; role?: string };

const basisText = (b: Basis) => `${b.title}${b.article ? b.article : ''}`;
const basesOf = (item: { bases: unknown }, role: string) => (item.bases as Basis[]).filter((b) => (b.role ?? 'setting') === role);
/** The catalogue's export columns, read back by the import. */
export const APPROVAL_EXPORT_EXTRA = ['状态'] as const;

export function approvalExports(app: FastifyInstance, service: Service): void {
  const tags = ['approvals'];
  addExportRoute<Item, { unit: (id: string | null | undefined) => string }>(app, {
    url: '/v1/approval-items::export',
    operationId: 'exportApprovalItems',
    tags,
    summary: 'Export the catalogue (xlsx or csv)',
    description: 'The approval catalogue with the headers the import reads (状态 is read-only and ignored by it).',
    listQuery: ApprovalItemQuerySchema,
    page: (request, query) => service.listItems(request.actor, query as ApprovalItemQuery),
    context: () => ({ unit: unitNames(app) }),
    file: 'approval-items',
    title: '行政审批事项目录',
    columns: [
      { header: '事项编码', value: (i) => i.code },
      { header: '事项名称', value: (i) => i.name },
      { header: '实施机关', value: (i, c) => c.unit(i.implementingUnitId) },
      { header: '设定依据', value: (i) => basesOf(i, 'setting').map(basisText).join('；') },
      { header: '实施依据', value: (i) => basesOf(i, 'implementing').map(basisText).join('；') },
      { header: '备注', value: (i) => i.remarks },
      { header: '类型', value: (i) => ApprovalKindEnum.labels[i.kind as keyof typeof ApprovalKindEnum.labels] },
      { header: '依据层级', value: (i) => { const b = basesOf(i, 'setting')[0]; return b ? BasisLevelEnum.labels[b.level] : null; } },
      { header: '状态', value: (i) => ApprovalItemStatusEnum.labels[i.status as keyof typeof ApprovalItemStatusEnum.labels] },
      // Added last, so the columns integrators already read keep their places (API.md 1).
      { header: '外部编号', value: (i) => i.externalId },
    ],
  });

  const itemOf = app.deps.sqlite.prepare('SELECT code, name FROM approval_items WHERE id = ?');
  const label = <K extends string>(labels: Record<K, string>, v: string | null | undefined) => (v ? (labels[v as K] ?? v) : null);
  addExportRoute<Review, { unit: (id: string | null | undefined) => string; item: (id: string) => { code: string; name: string } }>(app, {
    url: '/v1/approval-reviews::export',
    operationId: 'exportApprovalReviews',
    tags,
    summary: 'Export cleanup reviews with their rule findings (xlsx or csv)',
    description: 'One row per review: the item, the agency’s proposal, the legal review, the decision and the findings of rules A1–A6 for the disposition in force.',
    listQuery: ApprovalReviewQuerySchema,
    page: (request, query) => service.listReviews(request.actor, query as ApprovalReviewQuery),
    context: () => ({ unit: unitNames(app), item: (id) => (itemOf.get(id) as { code: string; name: string } | undefined) ?? { code: '', name: '' } }),
    file: 'approval-reviews',
    title: '审批事项清理审核',
    columns: [
      { header: '事项编码', value: (r, c) => c.item(r.itemId).code },
      { header: '事项名称', value: (r, c) => c.item(r.itemId).name },
      { header: '实施机关', value: (r, c) => c.unit(r.unitId) },
      { header: '审核阶段', value: (r) => label(ReviewStageEnum.labels, r.stage) },
      { header: '单位意见', value: (r) => label(DispositionEnum.labels, r.disposition) },
      { header: '理由', value: (r) => r.rationale },
      { header: '偏离说明', value: (r) => r.justification },
      { header: '法制办意见', value: (r) => (r.legalReview ? `${label(LegalVerdictEnum.labels, r.legalReview.verdict)}：${r.legalReview.opinion}` : null) },
      { header: '审核后处理', value: (r) => label(DispositionEnum.labels, r.legalReview?.disposition) },
      { header: '常务会议决定', value: (r) => label(DispositionEnum.labels, r.decision?.disposition) },
      { header: '会议日期', kind: 'date', value: (r) => r.decision?.meetingDate ?? null },
      { header: '规则发现', value: (r) => (r.findings as Finding[]).map((f) => `${f.rule}（${label(SeverityEnum.labels, f.severity)}${f.departure ? '，偏离' : ''}）${f.message}`).join('\n') },
      { header: '偏离规则', value: (r) => (r.findings as Finding[]).filter((f) => f.departure).map((f) => f.rule).join('、') },
      { header: '更新时间', value: (r) => r.updatedAt },
      // Added last, so the columns integrators already read keep their places (API.md 1).
      { header: '外部编号', value: (r) => r.externalId },
    ],
  });
}
