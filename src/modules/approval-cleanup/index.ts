// The approval-cleanup module (to be built: see its issue).
import type { ModuleDefinition } from '../types.js';

export const approvalCleanupModule: ModuleDefinition = { name: 'approval-cleanup', routes: async () => {} };
