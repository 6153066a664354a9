// Mutation testing of the opinions module: its service and repository (issue 22; stryker.module.mjs).
import { moduleConfig } from './stryker.module.mjs';

export default moduleConfig('opinions', ['src/modules/opinions/service.ts', 'src/modules/opinions/repository.ts']);
