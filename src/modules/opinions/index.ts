// The opinions module (意见建议, 广泛听取意见): public intake, the 12345-style work-order loop, contact details kept apart,
// statistics, and the working-day calendar.
import type { ModuleDefinition } from '../types.js';
import routes from './routes.js';
import { CalendarYearSchema, ContactInputSchema, ContactSchema, CreateOpinionSchema, ImportRowSchema, OpinionSchema, PublicOpinionSchema, PublicSubmitSchema, RateSchema, ReceiptSchema, UnitFiguresSchema } from './schemas.js';

export { createOpinionRepository, type UnitCounts } from './repository.js';

export const opinionsModule: ModuleDefinition = {
  name: 'opinions',
  routes,
  schemas: [ContactInputSchema, PublicSubmitSchema, ReceiptSchema, PublicOpinionSchema, RateSchema, OpinionSchema, CreateOpinionSchema, ImportRowSchema, ContactSchema, UnitFiguresSchema, CalendarYearSchema],
};
