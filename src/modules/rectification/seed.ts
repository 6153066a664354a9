// The plan's tasks 1–5.4 (DOMAIN.md) as top-level items of the default campaign, from the template data file.
import { readFileSync } from 'node:fs';
import { and, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/client.js';
import type { Actor } from '../../http/auth.js';
import type { SeedContext } from '../types.js';
import { campaigns, units } from '../../db/schema/index.js';
import { lastDayOfMonth } from '../../lib/dates.js';
import { createItemService } from './service.js';
import { projectPath } from '../../lib/paths.js';

type RelDate = { year: number; month: number; day: number | 'end' };
interface TemplateTask {
  taskCode: string;
  title: string;
  description: string;
  lead: string;
  co: string[];
  participants: string[];
  deadline: RelDate;
  deadlineText?: string;
  /** "cities": the plan gives the task to the prefecture-level city governments (5.3 地级市政府负责): one child per city. */
  breakdownTo?: 'cities';
}

export const TEMPLATE_FILE = projectPath('src/seed/templates/work-style-efficiency.json');

/** A template date {year: 0|1, month, day|'end'} relative to the campaign year Y. */
export function resolveDate(d: RelDate, year: number): string {
  const y = year + d.year;
  return d.day === 'end' ? lastDayOfMonth(y, d.month) : `${y}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Creates the plan's tasks as top-level items of the campaign (agencies named by externalId; unknown ones are skipped). */
export function createPlanTasks(deps: Deps, tx: Tx, actor: Actor, campaignId: string, year: number): number {
  const tasks = (JSON.parse(readFileSync(TEMPLATE_FILE, 'utf8')) as { tasks: TemplateTask[] }).tasks;
  const ext = [...new Set(tasks.flatMap((t) => [t.lead, ...t.co, ...t.participants]))];
  const ids = new Map(tx.select({ id: units.id, e: units.externalId }).from(units).where(inArray(units.externalId, ext)).all().map((u) => [u.e!, u.id]));
  const service = createItemService(deps);
  const cities = tx.select({ id: units.id, name: units.name, shortName: units.shortName }).from(units).where(eq(units.level, 'city')).orderBy(units.divisionCode).all();
  let n = 0;
  for (const t of tasks) {
    const lead = ids.get(t.lead);
    if (!lead) continue;
    const pick = (xs: string[]) => xs.map((x) => ids.get(x)).filter((x): x is string => Boolean(x));
    const deadline = resolveDate(t.deadline, year);
    const parent = service.insertItem(tx, actor, {
      campaignId, taskCode: t.taskCode, title: t.title, description: t.description, leadUnitId: lead,
      coUnitIds: pick(t.co), participantUnitIds: pick(t.participants), deadline, deadlineText: t.deadlineText,
    }, year);
    n++;
    if (t.breakdownTo === 'cities') {
      for (const city of cities) {
        service.insertItem(tx, actor, {
          campaignId, parentId: parent.id, taskCode: t.taskCode, title: `${t.title}（${city.shortName ?? city.name}）`, description: t.description,
          leadUnitId: city.id, deadline, deadlineText: t.deadlineText,
        }, year, 'breakdown');
      }
    }
  }
  return n;
}

/** Module seeder: runs after the campaigns seeder; does nothing when there is no default campaign. */
export function seedRectification({ deps, tx, actor, campaignYear }: SeedContext): void {
  const c = tx
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.template, 'work-style-efficiency'), eq(campaigns.year, campaignYear)))
    .get();
  if (c) createPlanTasks(deps, tx, actor, c.id, campaignYear);
}
