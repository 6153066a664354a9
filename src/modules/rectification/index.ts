// The rectification module (to be built: see its issue).
import type { ModuleDefinition } from '../types.js';

export const rectificationModule: ModuleDefinition = { name: 'rectification', routes: async () => {} };
