// Export of public commitments (公开承诺, issue 12.7): one row per commitment, its promises one per line.
import type { FastifyInstance } from 'fastify';
import { addExportRoute, unitNames } from '../../http/tabular/index.js';
import type { createCommitmentService } from './commitments-service.js';
import { CommitmentChannelEnum, CommitmentLevelEnum, CommitmentQuerySchema, CommitmentStatusEnum, type CommitmentQuery } from './commitments-schemas.js';

type Service = ReturnType<typeof createCommitmentService>;
type Row = ReturnType<Service['list']>['items'][number];
const label = <K extends string>(labels: Record<K, string>, v: string | null | undefined) => (v ? (labels[v as K] ?? v) : null);

export function commitmentsExport(app: FastifyInstance, service: Service): void {
  addExportRoute<Row, { unit: (id: string) => string }>(app, {
    url: '/v1/commitments::export',
    operationId: 'exportCommitments',
    tags: ['commitments'],
    summary: 'Export public commitments (xlsx or csv)',
    description: 'Agency keys export their own agency’s; admin, inspector and reader keys all.',
    listQuery: CommitmentQuerySchema,
    page: (request, query) => service.list(request.actor, query as CommitmentQuery),
    context: () => ({ unit: unitNames(app) }),
    file: 'commitments',
    title: '公开承诺',
    columns: [
      { header: '单位', value: (c, x) => x.unit(c.unitId) },
      { header: '承诺类型', value: (c) => label(CommitmentLevelEnum.labels, c.level) },
      { header: '岗位', value: (c) => c.postTitle },
      { header: '承诺内容', value: (c) => (c.items as Array<{ content: string; dueDate: string | null }>).map((i, n) => `${n + 1}. ${i.content}${i.dueDate ? `（${i.dueDate}前）` : ''}`).join('\n') },
      { header: '公布渠道', value: (c) => label(CommitmentChannelEnum.labels, c.channel) },
      { header: '媒体名称', value: (c) => c.mediaName },
      { header: '链接', value: (c) => c.url },
      { header: '公布日期', kind: 'date', value: (c) => c.publishedOn },
      { header: '状态', value: (c) => label(CommitmentStatusEnum.labels, c.status) },
    ],
  });
}
