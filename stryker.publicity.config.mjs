// Mutation testing of the publicity module: its service (it has no repository of its own; issue 22; stryker.module.mjs).
import { moduleConfig } from './stryker.module.mjs';

export default moduleConfig('publicity', ['src/modules/publicity/service.ts']);
