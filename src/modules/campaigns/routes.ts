// /v1/campaigns and /v1/phases: campaigns and phases are readable by every key and written only by admin (the
// campaign office). Phase reports and compliance live in report-routes.ts, problems found in problem-routes.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { named } from '../../http/plugin-name.js';
import { Type } from 'typebox';
import { problemResponses } from '../../http/errors.js';
import { requireRole } from '../../http/auth.js';
import { IfMatchHeader, readIfMatch, withEtag, versionedResponse } from '../../http/conditional.js';
import { createCampaignService } from './service.js';
import reportRoutes from './report-routes.js';
import problemRoutes from './problem-routes.js';
import {
  CampaignPageSchema,
  CampaignParams,
  CampaignQuerySchema,
  CreateCampaignSchema,
  PhasePageSchema,
  PhaseParams,
  PhaseQuerySchema,
  UpdateCampaignSchema,
  UpdatePhaseSchema,
} from './schemas.js';

const tags = ['campaigns'];
const json = versionedResponse;
const IfMatchOptional = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'Optional: the ETag you last read; the action fails with 412 when the resource changed since.', maxLength: 64 })),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createCampaignService(app.deps);

  app.get('/v1/campaigns', {
    schema: {
      operationId: 'listCampaigns',
      tags,
      summary: 'List campaigns',
      description: 'Campaigns, filtered by year or status; keyset-paginated. Any key may read.',
      querystring: CampaignQuerySchema,
      response: { 200: CampaignPageSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => service.listCampaigns(request.query),
  });

  app.post('/v1/campaigns', {
    schema: {
      operationId: 'createCampaign',
      tags,
      summary: 'Create a campaign',
      description:
        'Admin only. `{ "template": "work-style-efficiency", "year": 2027 }` creates the plan’s campaign with its four phases, windows computed for the year ' +
        '(上旬 1–10, 中旬 11–20, 下旬 21–end of month; the last phase ends on the last day of February Y+1). One campaign per template and year (409). ' +
        'Without a template give title, startsOn, endsOn and phases. The campaign starts as draft.',
      body: CreateCampaignSchema,
      response: { 201: json('Campaign', 'The created campaign (draft).'), ...problemResponses(400, 401, 403, 409, 422) },
    },
    handler: async (request, reply) => {
      const campaign = service.createCampaign(request.actor, request.body);
      reply.code(201).header('location', `/v1/campaigns/${campaign.id}`);
      return withEtag(request, reply, campaign);
    },
  });

  app.get('/v1/campaigns/:campaignId', {
    schema: {
      operationId: 'getCampaign',
      tags,
      summary: 'Get a campaign',
      description: 'One campaign with its ETag; If-None-Match gives 304 when unchanged.',
      params: CampaignParams,
      response: { 200: json('Campaign', 'The campaign.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.getCampaign(request.params.campaignId)),
  });

  app.patch('/v1/campaigns/:campaignId', {
    schema: {
      operationId: 'updateCampaign',
      tags,
      summary: 'Change a campaign',
      description: 'Admin only; If-Match required (428 without, 412 when stale). Every phase window must stay inside the campaign (422). A closed campaign cannot change (409).',
      params: CampaignParams,
      headers: IfMatchHeader,
      body: UpdateCampaignSchema,
      response: { 200: json('Campaign', 'The changed campaign.'), ...problemResponses(400, 401, 403, 404, 409, 412, 422, 428) },
    },
    handler: async (request, reply) => {
      requireRole(request.actor);
      const version = readIfMatch(request, true);
      return withEtag(request, reply, service.updateCampaign(request.actor, request.params.campaignId, version, request.body));
    },
  });

  for (const [verb, summary, description] of [
    ['start', 'Start a campaign', 'Admin only: draft → running (409 INVALID_STATE_TRANSITION otherwise). Phases can start only while the campaign runs. Honours If-Match when sent.'],
    ['close', 'Close a campaign', 'Admin only: running → closed, when no phase is active (409 INVALID_STATE_TRANSITION otherwise). A closed campaign takes no more reports or problems. Honours If-Match when sent.'],
  ] as const) {
    app.post(`/v1/campaigns/:campaignId([^/:]{1,200})::${verb}`, {
      schema: {
        operationId: `${verb}Campaign`,
        tags,
        summary,
        description,
        params: CampaignParams,
        headers: IfMatchOptional,
        response: { 200: json('Campaign', 'The campaign in its new state.'), ...problemResponses(400, 401, 403, 404, 409, 412) },
      },
      handler: async (request, reply) => {
        requireRole(request.actor);
        const version = readIfMatch(request, false);
        const c = verb === 'start' ? service.startCampaign(request.actor, request.params.campaignId, version) : service.closeCampaign(request.actor, request.params.campaignId, version);
        return withEtag(request, reply, c);
      },
    });
  }

  app.get('/v1/campaigns/:campaignId/phases', {
    schema: {
      operationId: 'listPhases',
      tags,
      summary: 'List a campaign’s phases',
      description: 'The phases of a campaign in order (by number). Any key may read.',
      params: CampaignParams,
      querystring: PhaseQuerySchema,
      response: { 200: PhasePageSchema, ...problemResponses(400, 401, 404) },
    },
    handler: async (request) => service.listPhases(request.params.campaignId, request.query),
  });

  app.get('/v1/phases/:phaseId', {
    schema: {
      operationId: 'getPhase',
      tags,
      summary: 'Get a phase',
      description: 'One phase with its ETag; If-None-Match gives 304 when unchanged.',
      params: PhaseParams,
      response: { 200: json('Phase', 'The phase.'), 304: { description: 'Not modified.' }, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => withEtag(request, reply, service.getPhase(request.params.phaseId)),
  });

  app.patch('/v1/phases/:phaseId', {
    schema: {
      operationId: 'updatePhase',
      tags,
      summary: 'Change a phase',
      description:
        'Admin only; If-Match required. Name, window and key tasks of any phase (phase 4 of the plan is not in the visible text). Windows must lie inside the campaign and not overlap (422).',
      params: PhaseParams,
      headers: IfMatchHeader,
      body: UpdatePhaseSchema,
      response: { 200: json('Phase', 'The changed phase.'), ...problemResponses(400, 401, 403, 404, 409, 412, 422, 428) },
    },
    handler: async (request, reply) => {
      requireRole(request.actor);
      const version = readIfMatch(request, true);
      return withEtag(request, reply, service.updatePhase(request.actor, request.params.phaseId, version, request.body));
    },
  });

  for (const [verb, summary, description] of [
    [
      'start',
      'Start a phase',
      'Admin only: pending → active. Phases run in order, one active at a time: phase n+1 needs phase n completed, and the campaign must be running (409 INVALID_STATE_TRANSITION otherwise, nothing changes). Records startedAt. Honours If-Match when sent.',
    ],
    ['complete', 'Complete a phase', 'Admin only: active → completed (409 INVALID_STATE_TRANSITION otherwise). Records completedAt. Honours If-Match when sent.'],
  ] as const) {
    app.post(`/v1/phases/:phaseId([^/:]{1,200})::${verb}`, {
      schema: {
        operationId: `${verb}Phase`,
        tags,
        summary,
        description,
        params: PhaseParams,
        headers: IfMatchOptional,
        response: { 200: json('Phase', 'The phase in its new state.'), ...problemResponses(400, 401, 403, 404, 409, 412) },
      },
      handler: async (request, reply) => {
        requireRole(request.actor);
        const version = readIfMatch(request, false);
        const p = verb === 'start' ? service.startPhase(request.actor, request.params.phaseId, version) : service.completePhase(request.actor, request.params.phaseId, version);
        return withEtag(request, reply, p);
      },
    });
  }

  await app.register(named('campaign-reports', reportRoutes), { service });
  await app.register(named('campaign-problems', problemRoutes));
};

export default routes;
