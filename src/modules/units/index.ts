// The units module: agencies and the seed of the region's agencies.
import type { ModuleDefinition } from '../types.js';
import routes from './routes.js';
import { CreateUnitSchema, UnitSchema, UpdateUnitSchema } from './schemas.js';
import { seedUnits } from './seed.js';

export const unitsModule: ModuleDefinition = { name: 'units', routes, schemas: [UnitSchema, CreateUnitSchema, UpdateUnitSchema], seed: seedUnits };
