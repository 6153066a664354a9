// Plan templates are data: src/seed/templates/<id>.json. A later plan is a new file, not new code.
import { existsSync, readFileSync } from 'node:fs';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { resolveDate } from './rules.js';
import { projectPath } from '../../lib/paths.js';

const RelDate = Type.Object({
  year: Type.Integer({ minimum: 0, maximum: 1 }),
  month: Type.Integer({ minimum: 1, maximum: 12 }),
  day: Type.Union([Type.Integer({ minimum: 1, maximum: 31 }), Type.Literal('end')]),
});

const TemplateSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  startsOn: RelDate,
  endsOn: RelDate,
  phases: Type.Array(
    Type.Object({
      number: Type.Integer({ minimum: 1, maximum: 12 }),
      name: Type.String({ minLength: 1, maxLength: 100 }),
      windowText: Type.Optional(Type.String({ maxLength: 100 })),
      startsOn: RelDate,
      endsOn: RelDate,
      keyTasks: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 50 }),
    }),
    { minItems: 1, maxItems: 12 },
  ),
});
export type CampaignTemplate = Static<typeof TemplateSchema>;

export const TEMPLATES_DIR = projectPath('src/seed/templates') + '/';
export const TEMPLATE_ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Loads and checks a template by id; undefined when there is no such file. Throws when the file is malformed. */
export function loadTemplate(id: string, dir = TEMPLATES_DIR): CampaignTemplate | undefined {
  if (!TEMPLATE_ID_RE.test(id)) return undefined;
  const file = `${dir}${id}.json`;
  if (!existsSync(file)) return undefined;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  // Other parts of the file (e.g. the rectification tasks) belong to other modules: check only ours.
  if (!Value.Check(TemplateSchema, raw)) {
    const first = [...Value.Errors(TemplateSchema, raw)][0];
    throw new Error(`Template ${id} is malformed: ${JSON.stringify(first)}`);
  }
  return raw as CampaignTemplate;
}

export interface ResolvedCampaign {
  title: string;
  startsOn: string;
  endsOn: string;
  phases: { number: number; name: string; windowText: string | null; startsOn: string; endsOn: string; keyTasks: string[] }[];
}

/** The template's dates for campaign year Y. */
export function resolveTemplate(t: CampaignTemplate, year: number): ResolvedCampaign {
  return {
    title: t.title.replaceAll('{year}', String(year)),
    startsOn: resolveDate(t.startsOn, year),
    endsOn: resolveDate(t.endsOn, year),
    phases: [...t.phases]
      .sort((a, b) => a.number - b.number)
      .map((p) => ({ number: p.number, name: p.name, windowText: p.windowText ?? null, startsOn: resolveDate(p.startsOn, year), endsOn: resolveDate(p.endsOn, year), keyTasks: p.keyTasks })),
  };
}
