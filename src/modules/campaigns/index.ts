// The campaigns module (to be built: see its issue).
import type { ModuleDefinition } from '../types.js';

export const campaignsModule: ModuleDefinition = { name: 'campaigns', routes: async () => {} };
