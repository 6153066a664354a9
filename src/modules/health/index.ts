// The health module: liveness and readiness.
import type { ModuleDefinition } from '../types.js';
import routes from './routes.js';

export const healthModule: ModuleDefinition = { name: 'health', routes };
