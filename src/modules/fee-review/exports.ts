// Exports of fee items (with the import's headers, so an edited sheet imports back by code), fee reviews and the
// published fee catalogue (issue 12.7). Money is written in yuan (xlsx: numbers with two decimals).
import type { FastifyInstance } from 'fastify';
import { addExportRoute, unitNames } from '../../http/tabular/index.js';
import { formatStandard, type ParsedStandard } from '../../lib/money.js';
import type { createFeeService } from './service.js';
import {
  FEE_CSV_HEADERS,
  FeeBasisLevelEnum,
  FeeCategoryEnum,
  FeeFindingEffectEnum,
  FeeItemQuerySchema,
  FeeOutcomeEnum,
  FeeReviewQuerySchema,
  FeeReviewStatusEnum,
  FundManagementEnum,
  PublicCatalogueQuerySchema,
  type FeeItemQuery,
  type FeeReviewQuery,
  type PublicCatalogueQuery,
} from './schemas.js';

type Service = ReturnType<typeof createFeeService>;
type Item = ReturnType<Service['listItems']>['items'][number];
type Review = ReturnType<Service['listReviews']>['items'][number];
type Entry = ReturnType<Service['publicCatalogue']>['items'][number];
type Basis = { documentNumber: string; title?: string };
type Finding = { ruleId: string; effect: string; detail: string };

const label = <K extends string>(labels: Record<K, string>, v: string | null | undefined) => (v ? (labels[v as K] ?? v) : null);
/** "财综〔2004〕5号《关于…的通知》；…": what the import's 政策依据 column reads. */
const basesText = (bases: unknown) => (bases as Basis[]).map((b) => (b.title ? `${b.documentNumber}《${b.title}》` : b.documentNumber)).join('；');
const standardText = (s: unknown) => formatStandard(s as ParsedStandard);
const CATEGORY_WORD = { administrative: '行政性', institutional: '事业性' } as const;
const LEVEL_WORD = { national: '中央/国家', regional: '省/自治区' } as const;

export function feeExports(app: FastifyInstance, service: Service): void {
  const tags = ['fees'];
  const [code, name, unit, category, level, bases, standard, fund, affects, charge, volume, externalId] = FEE_CSV_HEADERS;
  addExportRoute<Item, { unit: (id: string) => string }>(app, {
    url: '/v1/fee-items::export',
    operationId: 'exportFeeItems',
    tags,
    summary: 'Export fee items (xlsx or csv)',
    description: 'Fee items with the headers the import reads back.',
    listQuery: FeeItemQuerySchema,
    page: (request, query) => service.listItems(request.actor, query as FeeItemQuery),
    context: () => ({ unit: unitNames(app) }),
    file: 'fee-items',
    title: '行政事业性收费项目',
    columns: [
      { header: code, value: (i) => i.code },
      { header: name, value: (i) => i.name },
      { header: unit, value: (i, c) => c.unit(i.collectingUnitId) },
      { header: category, value: (i) => CATEGORY_WORD[i.category as keyof typeof CATEGORY_WORD] },
      { header: level, value: (i) => LEVEL_WORD[i.basisLevel as keyof typeof LEVEL_WORD] },
      { header: bases, value: (i) => basesText(i.bases) },
      { header: standard, value: (i) => standardText(i.standard) },
      { header: fund, value: (i) => label(FundManagementEnum.labels, i.fundManagement) },
      { header: affects, value: (i) => (i.affectsEnterprises ? '是' : '否') },
      { header: charge, kind: 'money', value: (i) => i.currentChargeFen },
      { header: volume, kind: 'int', value: (i) => i.annualVolume },
      { header: externalId, value: (i) => i.externalId },
    ],
  });

  const itemOf = app.deps.sqlite.prepare('SELECT code, name FROM fee_items WHERE id = ?');
  addExportRoute<Review, { unit: (id: string) => string; item: (id: string) => { code: string; name: string } }>(app, {
    url: '/v1/fee-reviews::export',
    operationId: 'exportFeeReviews',
    tags,
    summary: 'Export fee reviews (xlsx or csv)',
    description: 'One row per review: the fee, the declaration, both opinions, the findings of rules F1–F3, the recommendation and the decision.',
    listQuery: FeeReviewQuerySchema,
    page: (request, query) => service.listReviews(request.actor, query as FeeReviewQuery),
    context: () => ({ unit: unitNames(app), item: (id) => (itemOf.get(id) as { code: string; name: string } | undefined) ?? { code: '', name: '' } }),
    file: 'fee-reviews',
    title: '收费项目清理审核',
    columns: [
      { header: '项目编码', value: (r, c) => c.item(r.feeItemId).code },
      { header: '项目名称', value: (r, c) => c.item(r.feeItemId).name },
      { header: '执收单位', value: (r, c) => c.unit(r.unitId) },
      { header: '审核状态', value: (r) => label(FeeReviewStatusEnum.labels, r.status) },
      { header: '确有必要保留', value: (r) => (r.keptAsNecessary ? '是' : '否') },
      { header: '必要性说明', value: (r) => r.necessityJustification },
      { header: '财政厅意见', value: (r) => (r.financeOpinion ? `${label(FeeOutcomeEnum.labels, r.financeOpinion.verdict)}：${r.financeOpinion.text}` : null) },
      { header: '物价局意见', value: (r) => (r.priceOpinion ? `${label(FeeOutcomeEnum.labels, r.priceOpinion.verdict)}：${r.priceOpinion.text}` : null) },
      { header: '规则发现', value: (r) => (r.findings as Finding[]).map((f) => `${f.ruleId}（${label(FeeFindingEffectEnum.labels, f.effect)}）${f.detail}`).join('\n') },
      { header: '建议结果', value: (r) => label(FeeOutcomeEnum.labels, r.recommendedOutcome) },
      { header: '核定标准(元)', kind: 'money', value: (r) => r.approvedStandardFen },
      { header: '审定结果', value: (r) => label(FeeOutcomeEnum.labels, r.outcome) },
      { header: '审定时间', value: (r) => r.decidedAt },
      // Added last, so the columns integrators already read keep their places (API.md 1).
      { header: '外部编号', value: (r) => r.externalId },
    ],
  });

  addExportRoute<Entry, null>(app, {
    url: '/v1/public/fee-catalogue::export',
    operationId: 'exportPublicFeeCatalogue',
    tags: ['fees', 'public'],
    config: { public: true },
    summary: 'Export the published fee catalogue (xlsx or csv)',
    description: 'The latest published version (or ?version=), optionally of one agency. No key needed.',
    listQuery: PublicCatalogueQuerySchema,
    page: (request, query) => service.publicCatalogue(query as PublicCatalogueQuery),
    context: () => null,
    file: 'fee-catalogue',
    title: '行政事业性收费目录',
    columns: [
      { header: '项目编码', value: (e) => e.code },
      { header: '项目名称', value: (e) => e.name },
      { header: '执收单位', value: (e) => e.collectingUnitName },
      { header: '统一社会信用代码', value: (e) => e.collectingUnitCreditCode },
      { header: '收费类别', value: (e) => label(FeeCategoryEnum.labels, e.category) },
      { header: '设立级次', value: (e) => label(FeeBasisLevelEnum.labels, e.basisLevel) },
      { header: '政策依据', value: (e) => basesText(e.bases) },
      { header: '公布标准', value: (e) => standardText(e.publishedStandard) },
      { header: '执行标准(元)', kind: 'money', value: (e) => e.approvedStandardFen },
      { header: '计费单位', value: (e) => e.per },
    ],
  });
}
