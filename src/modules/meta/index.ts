// The meta module: enum labels.
import type { ModuleDefinition } from '../types.js';
import routes from './routes.js';

export const metaModule: ModuleDefinition = { name: 'meta', routes };
