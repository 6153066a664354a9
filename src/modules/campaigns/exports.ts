// Export of a phase's compliance (who has reported and who has not, issue 12.7): one row per expected agency.
import type { FastifyInstance } from 'fastify';
import { addExportRoute } from '../../http/tabular/index.js';
import type { CampaignService } from './service.js';
import { ComplianceQuerySchema, PhaseParams, type ComplianceQuery } from './schemas.js';

type Row = { unitName: string; reported: boolean; reportedAt?: string; late?: boolean; phase: string; windowEndsOn: string };

export function complianceExport(app: FastifyInstance, service: CampaignService): void {
  addExportRoute<Row, null>(app, {
    url: '/v1/phases/:phaseId/compliance::export',
    operationId: 'exportPhaseCompliance',
    tags: ['campaigns'],
    summary: 'Export who has reported on a phase (xlsx or csv)',
    description: 'admin, inspector and reader keys. The agencies that reported (when, whether late), then those missing.',
    params: PhaseParams,
    listQuery: ComplianceQuerySchema,
    page: (request, query) => {
      const c = service.compliance(request.actor, (request.params as { phaseId: string }).phaseId, query as ComplianceQuery);
      const phase = `第${c.phaseNumber}阶段 ${c.phaseName}`;
      return {
        items: [
          ...c.reported.map((u) => ({ unitName: u.unitName, reported: true, reportedAt: u.reportedAt, late: u.late, phase, windowEndsOn: c.windowEndsOn })),
          ...c.missing.map((u) => ({ unitName: u.unitName, reported: false, phase, windowEndsOn: c.windowEndsOn })),
        ],
      };
    },
    context: () => null,
    file: 'phase-compliance',
    title: '阶段报送情况',
    columns: [
      { header: '阶段', value: (r) => r.phase },
      { header: '单位', value: (r) => r.unitName },
      { header: '是否报送', value: (r) => (r.reported ? '已报送' : '未报送') },
      { header: '报送时间', value: (r) => r.reportedAt ?? null },
      { header: '是否逾期', value: (r) => (r.reported ? (r.late ? '是' : '否') : null) },
      { header: '截止日期', kind: 'date', value: (r) => r.windowEndsOn },
    ],
  });
}
