// SQL of supervision: keyset conditions, visibility of unannounced inspections (明察暗访), and the scorecard's figures.
import type Database from 'better-sqlite3';
import { and, eq, gt, lt, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { SECRET_INSPECTION_IDS as SECRET_INSPECTION_SQL } from '../events/visibility.js';
import { lazy } from '../../db/lazy.js';

/** Rows strictly after (key, id) in the given direction (keyset pagination). */
export function after(col: SQLWrapper, idCol: SQLWrapper, key: string | number, id: string, desc: boolean): SQL {
  const cmp = desc ? lt : gt;
  return or(cmp(col as never, key), and(eq(col as never, key), cmp(idCol as never, id)))!;
}

/** The ids of inspections that are secret now (unannounced and not concluded): the definition in events/visibility.ts. */
export const SECRET_INSPECTION_IDS = sql.raw(SECRET_INSPECTION_SQL);

/** Where a subject of each kind keeps its unit. */
export const SUBJECT_TABLES: Record<string, { table: string; unit: string }> = {
  phase_report: { table: 'phase_reports', unit: 'unit_id' },
  rectification_item: { table: 'rectification_items', unit: 'lead_unit_id' },
  commitment: { table: 'commitments', unit: 'unit_id' },
  approval_review: { table: 'approval_reviews', unit: 'unit_id' },
  fee_review: { table: 'fee_reviews', unit: 'unit_id' },
};

const FIGURES_SQL = `
  (SELECT count(*) FROM phase_reports r JOIN phases p ON p.id = r.phase_id
     WHERE r.unit_id = u.id AND r.campaign_id = @campaignId AND r.late = 0 AND r.redo_required = 0) AS phaseReportsOnTime,
  (SELECT count(*) FROM phase_reports r JOIN phases p ON p.id = r.phase_id
     WHERE r.unit_id = u.id AND r.campaign_id = @campaignId AND r.late = 1 AND r.redo_required = 0) AS phaseReportsLate,
  (SELECT count(*) FROM phases p WHERE p.campaign_id = @campaignId AND p.status <> 'pending'
     AND NOT EXISTS (SELECT 1 FROM phase_reports r WHERE r.phase_id = p.id AND r.unit_id = u.id AND r.redo_required = 0)) AS phaseReportsMissing,
  (SELECT count(*) FROM rectification_items i WHERE i.campaign_id = @campaignId AND i.lead_unit_id = u.id
     AND i.status = 'completed' AND i.completed_on_time = 1) AS itemsCompletedOnTime,
  (SELECT count(*) FROM rectification_items i WHERE i.campaign_id = @campaignId AND i.lead_unit_id = u.id
     AND i.status NOT IN ('completed', 'cancelled') AND i.deadline < @today) AS itemsOverdue,
  (SELECT count(*) FROM inspection_findings f JOIN inspections n ON n.id = f.inspection_id WHERE n.campaign_id = @campaignId
     AND f.unit_id = u.id AND f.delivered_at IS NOT NULL AND f.rating = 'formalism' AND f.subject_kind = 'rectification_item') AS itemsSentBack,
  (SELECT count(*) FROM commitments m WHERE m.campaign_id = @campaignId AND m.unit_id = u.id) AS commitmentsMade,
  (SELECT count(*) FROM commitments m WHERE m.campaign_id = @campaignId AND m.unit_id = u.id
     AND NOT EXISTS (SELECT 1 FROM inspection_findings f WHERE f.subject_kind = 'commitment' AND f.subject_id = m.id
       AND f.delivered_at IS NOT NULL AND f.rating <> 'good')) AS commitmentsKept,
  (SELECT count(*) FROM inspection_findings f JOIN inspections n ON n.id = f.inspection_id WHERE n.campaign_id = @campaignId
     AND f.unit_id = u.id AND f.delivered_at IS NOT NULL AND f.rating = 'good') AS findingsGood,
  (SELECT count(*) FROM inspection_findings f JOIN inspections n ON n.id = f.inspection_id WHERE n.campaign_id = @campaignId
     AND f.unit_id = u.id AND f.delivered_at IS NOT NULL AND f.rating = 'insufficient') AS findingsInsufficient,
  (SELECT count(*) FROM inspection_findings f JOIN inspections n ON n.id = f.inspection_id WHERE n.campaign_id = @campaignId
     AND f.unit_id = u.id AND f.delivered_at IS NOT NULL AND f.rating = 'deficient') AS findingsDeficient,
  (SELECT count(*) FROM inspection_findings f JOIN inspections n ON n.id = f.inspection_id WHERE n.campaign_id = @campaignId
     AND f.unit_id = u.id AND f.delivered_at IS NOT NULL AND f.rating = 'formalism') AS findingsFormalism,
  (SELECT count(*) FROM inspection_findings f JOIN inspections n ON n.id = f.inspection_id WHERE n.campaign_id = @campaignId
     AND f.unit_id = u.id AND f.status = 'awaiting_response' AND f.due_on < @today) AS findingAnswersOverdue,
  (SELECT count(*) FROM supervision_orders o WHERE o.unit_id = u.id AND (o.campaign_id = @campaignId OR o.campaign_id IS NULL)) AS ordersReceived,
  (SELECT count(*) FROM supervision_orders o WHERE o.unit_id = u.id AND (o.campaign_id = @campaignId OR o.campaign_id IS NULL)
     AND o.answered_late = 1) AS ordersAnsweredLate,
  (SELECT count(*) FROM supervision_orders o WHERE o.unit_id = u.id AND (o.campaign_id = @campaignId OR o.campaign_id IS NULL)
     AND o.status IN ('issued', 'acknowledged', 'returned') AND o.reply_due_on < @today) AS ordersUnansweredOverdue,
  (SELECT count(*) FROM supervision_reminders s JOIN supervision_orders o ON o.id = s.order_id WHERE o.unit_id = u.id
     AND (o.campaign_id = @campaignId OR o.campaign_id IS NULL)) AS reminders,
  (SELECT count(*) FROM publicity_records p WHERE p.unit_id = u.id AND (p.campaign_id = @campaignId OR p.campaign_id IS NULL)
     AND p.status = 'published' AND p.kind IN ('good_practice', 'advanced_collective', 'advanced_individual')) AS commendations,
  (SELECT count(*) FROM publicity_records p WHERE p.unit_id = u.id AND (p.campaign_id = @campaignId OR p.campaign_id IS NULL)
     AND p.status = 'published' AND p.kind = 'exposed_case') AS exposures`;

export type FigureRow = Record<string, number> & { unitId: string; unitName: string };

export function createScorecardQueries(sqlite: Database.Database) {
  const one = lazy(() => sqlite.prepare(`SELECT u.id AS unitId, u.name AS unitName, ${FIGURES_SQL} FROM units u WHERE u.id = @unitId`));
  const level = lazy(() => sqlite.prepare(`SELECT u.id AS unitId, u.name AS unitName, ${FIGURES_SQL} FROM units u WHERE u.level = @level ORDER BY u.id`));
  const lastEvent = lazy(() => sqlite.prepare('SELECT coalesce(max(sequence), 0) AS s FROM events'));
  return {
    forUnit: (unitId: string, campaignId: string, today: string) => one.get({ unitId, campaignId, today }) as FigureRow | undefined,
    forLevel: (lvl: string, campaignId: string, today: string) => level.all({ level: lvl, campaignId, today }) as FigureRow[],
    lastEventSequence: (): number => (lastEvent.get() as { s: number }).s,
  };
}
