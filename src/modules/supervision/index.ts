// The supervision module (督促检查 and 督办/催办, the plan's (四)加强督促检查): inspections, findings with their
// consequences, supervision orders with reminders, and the per-unit scorecard.
import type { ModuleDefinition } from '../types.js';
import routes from './routes.js';
import { CreateFindingSchema, CreateInspectionSchema, CreateOrderSchema, FindingImportRowSchema, FindingSchema, InspectionSchema, OrderSchema, ReminderSchema, ReplyRecordSchema, ScorecardSchema } from './schemas.js';

export { createSupervisionService } from './service.js';

export const supervisionModule: ModuleDefinition = {
  name: 'supervision',
  routes,
  schemas: [InspectionSchema, CreateInspectionSchema, FindingSchema, CreateFindingSchema, FindingImportRowSchema, OrderSchema, CreateOrderSchema, ReminderSchema, ReplyRecordSchema, ScorecardSchema],
};
