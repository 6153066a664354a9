// The approval-cleanup module (行政审批事项清理, tasks 3.1–3.3): catalogue, reviews checked by rules A1–A6, legal
// review, executive decisions, announcements and the public catalogue.
import type { ModuleDefinition } from '../types.js';
import routes from './routes.js';
import {
  AnnouncementInputSchema,
  AnnouncementSchema,
  ApprovalItemSchema,
  ApprovalReviewSchema,
  BasisSchema,
  CreateApprovalItemSchema,
  CreateApprovalReviewSchema,
  DecisionBatchInputSchema,
  DecisionBatchSchema,
  FindingSchema,
  FollowUpSchema,
  LegalReviewSchema,
  PublicCatalogueEntrySchema,
  ReturnReviewSchema,
  SummarySchema,
  UpdateApprovalItemSchema,
  UpdateApprovalReviewSchema,
} from './schemas.js';

export const approvalCleanupModule: ModuleDefinition = {
  name: 'approval-cleanup',
  routes,
  schemas: [
    BasisSchema,
    ApprovalItemSchema,
    CreateApprovalItemSchema,
    UpdateApprovalItemSchema,
    FindingSchema,
    FollowUpSchema,
    ApprovalReviewSchema,
    CreateApprovalReviewSchema,
    UpdateApprovalReviewSchema,
    LegalReviewSchema,
    ReturnReviewSchema,
    SummarySchema,
    DecisionBatchInputSchema,
    DecisionBatchSchema,
    AnnouncementInputSchema,
    AnnouncementSchema,
    PublicCatalogueEntrySchema,
  ],
};
