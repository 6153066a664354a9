// The change-feed module.
import type { ModuleDefinition } from '../types.js';
import routes, { EventSchema } from './routes.js';

export const eventsModule: ModuleDefinition = { name: 'events', routes, schemas: [EventSchema] };
