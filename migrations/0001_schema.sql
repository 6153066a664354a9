CREATE TABLE `approval_announcements` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`document_number` text NOT NULL,
	`published_on` text NOT NULL,
	`campaign_id` text,
	`review_count` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `approval_announcements_published` ON `approval_announcements` (`published_on`,`id`);--> statement-breakpoint
CREATE TABLE `approval_decision_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_number` text NOT NULL,
	`meeting_date` text NOT NULL,
	`decision_count` integer NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `approval_decision_batches_meeting` ON `approval_decision_batches` (`meeting_date`,`id`);--> statement-breakpoint
CREATE TABLE `approval_items` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`implementing_unit_id` text NOT NULL,
	`kind` text NOT NULL,
	`bases` text NOT NULL,
	`sibling_provinces` text DEFAULT 'unknown' NOT NULL,
	`statutory_level` text,
	`mainly_implemented_at` text,
	`remarks` text,
	`status` text DEFAULT 'active' NOT NULL,
	`merged_into_id` text,
	`delegated_to` text,
	`receiving_body` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`implementing_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`merged_into_id`) REFERENCES `approval_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `approval_items_code` ON `approval_items` (`code`);--> statement-breakpoint
CREATE INDEX `approval_items_unit` ON `approval_items` (`implementing_unit_id`,`id`);--> statement-breakpoint
CREATE INDEX `approval_items_unit_status_name` ON `approval_items` (`implementing_unit_id`,`status`,`name`);--> statement-breakpoint
CREATE INDEX `approval_items_status` ON `approval_items` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `approval_items_status_code` ON `approval_items` (`status`,`code`);--> statement-breakpoint
CREATE INDEX `approval_items_kind` ON `approval_items` (`kind`,`id`);--> statement-breakpoint
CREATE INDEX `approval_items_merged_into` ON `approval_items` (`merged_into_id`);--> statement-breakpoint
CREATE TABLE `approval_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`item_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`stage` text DEFAULT 'draft' NOT NULL,
	`disposition` text NOT NULL,
	`delegate_to` text,
	`receiving_body` text,
	`merge_into_item_id` text,
	`rationale` text NOT NULL,
	`justification` text,
	`return_reason` text,
	`submitted_at` text,
	`legal_verdict` text,
	`legal_opinion` text,
	`legal_disposition` text,
	`legal_delegate_to` text,
	`legal_receiving_body` text,
	`legal_merge_into_item_id` text,
	`override_reason` text,
	`override_rules` text,
	`legal_reviewed_at` text,
	`decision_batch_id` text,
	`decided_disposition` text,
	`decided_delegate_to` text,
	`decided_receiving_body` text,
	`decided_merge_into_item_id` text,
	`announcement_id` text,
	`follow_up` text,
	`follow_up_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `approval_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`merge_into_item_id`) REFERENCES `approval_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`legal_merge_into_item_id`) REFERENCES `approval_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_batch_id`) REFERENCES `approval_decision_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_merge_into_item_id`) REFERENCES `approval_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`announcement_id`) REFERENCES `approval_announcements`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `approval_reviews_item_campaign` ON `approval_reviews` (`item_id`,`campaign_id`);--> statement-breakpoint
CREATE INDEX `approval_reviews_campaign` ON `approval_reviews` (`campaign_id`,`id`);--> statement-breakpoint
CREATE INDEX `approval_reviews_campaign_stage` ON `approval_reviews` (`campaign_id`,`stage`,`id`);--> statement-breakpoint
CREATE INDEX `approval_reviews_campaign_unit` ON `approval_reviews` (`campaign_id`,`unit_id`,`id`);--> statement-breakpoint
CREATE INDEX `approval_reviews_unit` ON `approval_reviews` (`unit_id`,`id`);--> statement-breakpoint
CREATE INDEX `approval_reviews_stage` ON `approval_reviews` (`stage`,`id`);--> statement-breakpoint
CREATE INDEX `approval_reviews_disposition` ON `approval_reviews` (`disposition`,`id`);--> statement-breakpoint
CREATE INDEX `approval_reviews_batch` ON `approval_reviews` (`decision_batch_id`);--> statement-breakpoint
CREATE INDEX `approval_reviews_announcement` ON `approval_reviews` (`announcement_id`,`id`);--> statement-breakpoint
CREATE INDEX `approval_reviews_merge_target` ON `approval_reviews` (`decided_merge_into_item_id`);