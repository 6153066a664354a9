// The fee-review module (行政事业性收费清理, task 5.1): fee items, reviews, decisions, catalogues and the public fee check.
import type { ModuleDefinition } from '../types.js';
import routes from './routes.js';
import {
  CreateFeeCatalogueSchema,
  CreateFeeDecisionSchema,
  CreateFeeItemSchema,
  CreateFeeReviewSchema,
  FeeBasisSchema,
  FeeCatalogueSchema,
  FeeCheckSchema,
  FeeDecisionSchema,
  FeeItemSchema,
  FeeReviewSchema,
  FeeStandardSchema,
  FeeSummarySchema,
  FindingSchema,
  OpinionBodySchema,
  PublicCataloguePageSchema,
  PublicFeeEntrySchema,
  UpdateFeeItemSchema,
  UpdateFeeReviewSchema,
} from './schemas.js';

export const feeReviewModule: ModuleDefinition = {
  name: 'fee-review',
  routes,
  schemas: [
    FeeBasisSchema,
    FeeStandardSchema,
    FeeItemSchema,
    CreateFeeItemSchema,
    UpdateFeeItemSchema,
    FindingSchema,
    FeeReviewSchema,
    CreateFeeReviewSchema,
    UpdateFeeReviewSchema,
    OpinionBodySchema,
    FeeSummarySchema,
    CreateFeeDecisionSchema,
    FeeDecisionSchema,
    CreateFeeCatalogueSchema,
    FeeCatalogueSchema,
    PublicFeeEntrySchema,
    PublicCataloguePageSchema,
    FeeCheckSchema,
  ],
};
