// Mutation testing of the webhooks module: the worker, the service and the repository (issue 22; stryker.module.mjs).
import { moduleConfig } from './stryker.module.mjs';

export default moduleConfig('webhooks', ['src/modules/webhooks/worker.ts', 'src/modules/webhooks/service.ts', 'src/modules/webhooks/repository.ts']);
