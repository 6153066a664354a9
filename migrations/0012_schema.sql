ALTER TABLE `approval_items` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `approval_items_external_id` ON `approval_items` (`external_id`);--> statement-breakpoint
ALTER TABLE `approval_reviews` ADD `code` text;--> statement-breakpoint
ALTER TABLE `approval_reviews` ADD `external_id` text;--> statement-breakpoint
CREATE INDEX `approval_reviews_code` ON `approval_reviews` (`code`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `approval_reviews_external_id` ON `approval_reviews` (`external_id`);--> statement-breakpoint
ALTER TABLE `fee_items` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `fee_items_external_id` ON `fee_items` (`external_id`);--> statement-breakpoint
ALTER TABLE `fee_reviews` ADD `code` text;--> statement-breakpoint
ALTER TABLE `fee_reviews` ADD `external_id` text;--> statement-breakpoint
CREATE INDEX `fee_reviews_code` ON `fee_reviews` (`code`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `fee_reviews_external_id` ON `fee_reviews` (`external_id`);