import { readFileSync } from 'node:fs';
import { makeApp, type TestContext } from '../../helpers/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await makeApp();
});
afterAll(() => t.close());

const ENUMS = ['campaignStatus', 'phaseStatus', 'problemDimension', 'problemCategory', 'problemSource', 'problemChannel', 'problemStatus'];
const OPERATIONS = [
  'listCampaigns', 'createCampaign', 'getCampaign', 'updateCampaign', 'startCampaign', 'closeCampaign',
  'listPhases', 'getPhase', 'updatePhase', 'startPhase', 'completePhase',
  'putPhaseReport', 'getPhaseReport', 'listPhaseReports', 'getPhaseCompliance',
  'listProblems', 'createProblem', 'getProblem', 'updateProblem', 'resolveProblem', 'dismissProblem', 'reopenProblem',
];

type Doc = { paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>>; components: { schemas: Record<string, { description?: string; enum?: string[] }> } };
const operationsOf = (doc: Doc) => Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));

describe('enum labels and the OpenAPI document', () => {
  test('when /v1/meta/enums is read, then the campaign and problem enums carry their zh-CN labels', async () => {
    const res = await t.client(t.admin).get('/v1/meta/enums');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    for (const e of ENUMS) expect(Object.keys(body)).toContain(e);
    expect(Object.keys(body.problemCategory)).toEqual(['ws_1', 'ws_2', 'ws_3', 'ws_4', 'ws_5', 'ws_6', 'ef_1', 'ef_2', 'ef_3', 'ef_4']);
    expect(body.problemCategory.ws_1).toMatch(/^宗旨意识不强，群众观念淡薄，官僚主义严重/);
    expect(body.problemCategory.ef_2).toBe('履行职能缺位、错位、越位的问题');
    expect(body.problemSource).toEqual({ self: '自己找', leader: '领导点', public: '群众提', peer: '互相帮' });
    expect(body.problemDimension).toEqual({ work_style: '作风建设', efficiency: '机关行政效能建设' });
    expect(Object.keys(body.problemChannel)).toEqual(['field_visit', 'forum', 'suggestion_box', 'survey', 'online', 'other']);
    expect(Object.keys(body.campaignStatus)).toEqual(['draft', 'running', 'closed']);
    expect(Object.keys(body.phaseStatus)).toEqual(['pending', 'active', 'completed']);
  });

  test('when openapi.json is generated, then every route of the module is there and the enum components carry the labels', async () => {
    const doc = (await t.client().get('/openapi.json')).json() as Doc;
    const ops = operationsOf(doc);
    for (const op of OPERATIONS) expect(ops).toContain(op);
    expect(doc.components.schemas.ProblemCategory.enum).toHaveLength(10);
    expect(doc.components.schemas.ProblemCategory.description).toContain('`ws_1` 宗旨意识不强');
    expect(doc.components.schemas.ProblemSource.description).toContain('`peer` 互相帮');
    expect(doc.components.schemas.CampaignStatus.description).toContain('`running` 进行中');
    expect(doc.components.schemas.PhaseStatus.description).toContain('`active` 进行中');
    for (const name of ['Campaign', 'Phase', 'PhaseReport', 'PhaseCompliance', 'FoundProblem']) expect(doc.components.schemas[name]).toBeDefined();
    expect(doc.paths['/v1/campaigns/{campaignId}:start']).toBeDefined();
    expect(doc.paths['/v1/phases/{phaseId}/reports/{unitId}'].put.tags).toEqual(['campaigns']);
    expect(doc.paths['/v1/problems'].post.tags).toEqual(['problems']);
  });

  test('when the committed openapi/openapi.json is read, then it holds every route of the module and the enum labels', () => {
    const committed = JSON.parse(readFileSync('openapi/openapi.json', 'utf8')) as Doc;
    const ops = operationsOf(committed);
    for (const op of OPERATIONS) expect(ops).toContain(op);
    for (const e of ENUMS) expect(committed.components.schemas[e[0].toUpperCase() + e.slice(1)].description).toContain('zh-CN labels');
  });
});
