// The fee-review module (to be built: see its issue).
import type { ModuleDefinition } from '../types.js';

export const feeReviewModule: ModuleDefinition = { name: 'fee-review', routes: async () => {} };
