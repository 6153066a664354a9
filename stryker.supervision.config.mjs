// Mutation testing of the supervision module: its service and repository (issue 22; stryker.module.mjs).
import { moduleConfig } from './stryker.module.mjs';

export default moduleConfig('supervision', ['src/modules/supervision/service.ts', 'src/modules/supervision/repository.ts']);
