// What a feature module hands to the app: its routes, its shared schemas (OpenAPI components) and an optional seeder.
import type { FastifyPluginAsync } from 'fastify';
import type { TSchema } from 'typebox';
import type { Deps } from '../deps.js';
import type { Tx } from '../db/client.js';
import type { Actor } from '../http/auth.js';

export interface SeedContext {
  deps: Deps;
  tx: Tx;
  actor: Actor;
  /** The year of the default campaign (CAMPAIGN_YEAR, else the current year in Asia/Shanghai). */
  campaignYear: number;
}

export interface ModuleDefinition {
  name: string;
  routes: FastifyPluginAsync;
  /** Schemas with $id, registered before any route so they become named components. */
  schemas?: TSchema[];
  /** Runs once, on the first start of an empty database, in module order, inside one transaction. */
  seed?: (ctx: SeedContext) => void;
}
