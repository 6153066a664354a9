// The publicity module (舆论宣传, the plan's (五)加强舆论宣传): commendations and exposed cases, and their public route.
import type { ModuleDefinition } from '../types.js';
import routes from './routes.js';
import { CreatePublicitySchema, PublicityRecordSchema, PublicPublicityPageSchema, PublicPublicitySchema, UpdatePublicitySchema } from './schemas.js';


export const publicityModule: ModuleDefinition = {
  name: 'publicity',
  routes,
  schemas: [PublicityRecordSchema, PublicPublicitySchema, PublicPublicityPageSchema, CreatePublicitySchema, UpdatePublicitySchema],
};
