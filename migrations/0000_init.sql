CREATE TABLE `events` (
	`sequence` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`occurred_at` text NOT NULL,
	`api_key_id` text,
	`unit_id` text,
	`request_id` text,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`action` text NOT NULL,
	`before` text,
	`after` text,
	`reason` text
);
--> statement-breakpoint
CREATE INDEX `events_entity` ON `events` (`entity`,`entity_id`,`sequence`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`api_key_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`state` text NOT NULL,
	`status_code` integer,
	`headers` text,
	`body` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`api_key_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_created_at` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`short_name` text,
	`kind` text NOT NULL,
	`level` text NOT NULL,
	`division_code` text NOT NULL,
	`credit_code` text,
	`parent_id` text,
	`external_id` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_external_id` ON `units` (`external_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `units_credit_code` ON `units` (`credit_code`);--> statement-breakpoint
CREATE INDEX `units_level` ON `units` (`level`,`id`);--> statement-breakpoint
CREATE INDEX `units_parent` ON `units` (`parent_id`,`id`);--> statement-breakpoint
CREATE INDEX `units_division` ON `units` (`division_code`,`id`);--> statement-breakpoint
CREATE INDEX `units_name` ON `units` (`name`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`prefix` text NOT NULL,
	`secret_hash` text NOT NULL,
	`name` text NOT NULL,
	`unit_id` text NOT NULL,
	`roles` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	`last_used_at` text,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_prefix_unique` ON `api_keys` (`prefix`);--> statement-breakpoint
CREATE INDEX `api_keys_unit` ON `api_keys` (`unit_id`,`id`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`year` integer NOT NULL,
	`template` text,
	`region_unit_id` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`region_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaigns_year` ON `campaigns` (`year`,`id`);--> statement-breakpoint
CREATE INDEX `campaigns_status` ON `campaigns` (`status`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_template_year` ON `campaigns` (`template`,`year`);--> statement-breakpoint
CREATE TABLE `phase_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`phase_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`meetings_held` integer DEFAULT 0 NOT NULL,
	`participants` integer DEFAULT 0 NOT NULL,
	`discussions_held` integer DEFAULT 0 NOT NULL,
	`opinions_collected` integer DEFAULT 0 NOT NULL,
	`problems_found` integer,
	`summary` text NOT NULL,
	`attachments` text NOT NULL,
	`reported_at` text NOT NULL,
	`late` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`phase_id`) REFERENCES `phases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `phase_reports_phase_unit` ON `phase_reports` (`phase_id`,`unit_id`);--> statement-breakpoint
CREATE INDEX `phase_reports_phase_reported` ON `phase_reports` (`phase_id`,`reported_at`,`id`);--> statement-breakpoint
CREATE INDEX `phase_reports_unit` ON `phase_reports` (`unit_id`,`phase_id`);--> statement-breakpoint
CREATE TABLE `phases` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`number` integer NOT NULL,
	`name` text NOT NULL,
	`window_text` text,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`key_tasks` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`started_at` text,
	`completed_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `phases_campaign_number` ON `phases` (`campaign_id`,`number`);--> statement-breakpoint
CREATE INDEX `phases_campaign_status` ON `phases` (`campaign_id`,`status`);--> statement-breakpoint
CREATE TABLE `problems` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`dimension` text NOT NULL,
	`category` text NOT NULL,
	`source` text NOT NULL,
	`channel` text NOT NULL,
	`description` text NOT NULL,
	`cause_analysis` text,
	`status` text DEFAULT 'open' NOT NULL,
	`status_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `problems_campaign_unit` ON `problems` (`campaign_id`,`unit_id`,`id`);--> statement-breakpoint
CREATE INDEX `problems_unit` ON `problems` (`unit_id`,`id`);--> statement-breakpoint
CREATE INDEX `problems_campaign` ON `problems` (`campaign_id`,`id`);--> statement-breakpoint
CREATE INDEX `problems_category` ON `problems` (`category`,`id`);--> statement-breakpoint
CREATE INDEX `problems_dimension` ON `problems` (`dimension`,`id`);--> statement-breakpoint
CREATE INDEX `problems_source` ON `problems` (`source`,`id`);--> statement-breakpoint
CREATE INDEX `problems_status` ON `problems` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `commitments` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`level` text NOT NULL,
	`post_title` text,
	`items` text NOT NULL,
	`channel` text NOT NULL,
	`media_name` text,
	`url` text,
	`published_on` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `commitments_campaign_unit` ON `commitments` (`campaign_id`,`unit_id`,`level`,`published_on`);--> statement-breakpoint
CREATE INDEX `commitments_unit` ON `commitments` (`unit_id`,`id`);--> statement-breakpoint
CREATE INDEX `commitments_campaign` ON `commitments` (`campaign_id`,`id`);--> statement-breakpoint
CREATE TABLE `progress_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`item_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`reported_on` text NOT NULL,
	`percent` real NOT NULL,
	`completed_work` text NOT NULL,
	`next_steps` text,
	`issues` text,
	`support_needed` text,
	`api_key_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `rectification_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `progress_reports_item` ON `progress_reports` (`item_id`,`id`);--> statement-breakpoint
CREATE INDEX `progress_reports_item_unit` ON `progress_reports` (`item_id`,`unit_id`,`reported_on`,`id`);--> statement-breakpoint
CREATE TABLE `rectification_code_counters` (
	`year` integer PRIMARY KEY NOT NULL,
	`last` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rectification_item_problems` (
	`item_id` text NOT NULL,
	`problem_id` text NOT NULL,
	PRIMARY KEY(`item_id`, `problem_id`),
	FOREIGN KEY (`item_id`) REFERENCES `rectification_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`problem_id`) REFERENCES `problems`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rectification_item_problems_problem` ON `rectification_item_problems` (`problem_id`,`item_id`);--> statement-breakpoint
CREATE TABLE `rectification_item_units` (
	`item_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`role` text NOT NULL,
	`status` text NOT NULL,
	`deadline` text NOT NULL,
	PRIMARY KEY(`item_id`, `unit_id`),
	FOREIGN KEY (`item_id`) REFERENCES `rectification_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rectification_item_units_unit` ON `rectification_item_units` (`unit_id`,`status`,`deadline`,`item_id`);--> statement-breakpoint
CREATE TABLE `rectification_items` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`code` text NOT NULL,
	`external_id` text,
	`campaign_id` text NOT NULL,
	`task_code` text,
	`title` text NOT NULL,
	`description` text,
	`lead_unit_id` text NOT NULL,
	`responsible_leader` text,
	`deadline` text NOT NULL,
	`deadline_text` text,
	`parent_id` text,
	`weight` real DEFAULT 1 NOT NULL,
	`expected_result` text,
	`actual_result` text,
	`status` text DEFAULT 'not_started' NOT NULL,
	`progress` real DEFAULT 0 NOT NULL,
	`latest_progress_text` text,
	`latest_reported_on` text,
	`submitted_at` text,
	`completed_at` text,
	`completed_on_time` integer,
	`children_count` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parent_id`) REFERENCES `rectification_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rectification_items_seq` ON `rectification_items` (`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `rectification_items_code` ON `rectification_items` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `rectification_items_external_id` ON `rectification_items` (`external_id`);--> statement-breakpoint
CREATE INDEX `rectification_items_deadline` ON `rectification_items` (`deadline`,`id`);--> statement-breakpoint
CREATE INDEX `rectification_items_updated` ON `rectification_items` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `rectification_items_status` ON `rectification_items` (`status`,`deadline`,`id`);--> statement-breakpoint
CREATE INDEX `rectification_items_lead` ON `rectification_items` (`lead_unit_id`,`status`,`deadline`,`id`);--> statement-breakpoint
CREATE INDEX `rectification_items_parent` ON `rectification_items` (`parent_id`,`lead_unit_id`);--> statement-breakpoint
CREATE INDEX `rectification_items_campaign_task` ON `rectification_items` (`campaign_id`,`task_code`,`deadline`,`id`);--> statement-breakpoint
CREATE INDEX `rectification_items_stats` ON `rectification_items` (`campaign_id`,`lead_unit_id`,`status`,`deadline`,`progress`,`completed_on_time`);--> statement-breakpoint
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
CREATE INDEX `approval_reviews_merge_target` ON `approval_reviews` (`decided_merge_into_item_id`);--> statement-breakpoint
CREATE TABLE `fee_catalogue_entries` (
	`catalogue_version` integer NOT NULL,
	`fee_item_id` text NOT NULL,
	`review_id` text NOT NULL,
	`status` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`unit_id` text NOT NULL,
	`unit_name` text NOT NULL,
	`unit_credit_code` text,
	`category` text NOT NULL,
	`basis_level` text NOT NULL,
	`bases` text NOT NULL,
	`standard_kind` text NOT NULL,
	`amount_fen` integer,
	`min_fen` integer,
	`max_fen` integer,
	`per` text NOT NULL,
	`approved_standard_fen` integer,
	PRIMARY KEY(`catalogue_version`, `fee_item_id`),
	FOREIGN KEY (`catalogue_version`) REFERENCES `fee_catalogues`(`version`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`fee_item_id`) REFERENCES `fee_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`review_id`) REFERENCES `fee_reviews`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fee_catalogue_entries_code` ON `fee_catalogue_entries` (`catalogue_version`,`code`);--> statement-breakpoint
CREATE INDEX `fee_catalogue_entries_status_code` ON `fee_catalogue_entries` (`catalogue_version`,`status`,`code`,`fee_item_id`);--> statement-breakpoint
CREATE INDEX `fee_catalogue_entries_unit_code` ON `fee_catalogue_entries` (`catalogue_version`,`status`,`unit_id`,`code`,`fee_item_id`);--> statement-breakpoint
CREATE TABLE `fee_catalogues` (
	`version` integer PRIMARY KEY NOT NULL,
	`published_on` text NOT NULL,
	`document_number` text NOT NULL,
	`retained_count` integer NOT NULL,
	`cancelled_count` integer NOT NULL,
	`api_key_id` text,
	`published_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fee_catalogues_document` ON `fee_catalogues` (`document_number`);--> statement-breakpoint
CREATE TABLE `fee_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_number` text NOT NULL,
	`meeting_date` text NOT NULL,
	`review_count` integer NOT NULL,
	`api_key_id` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `fee_items` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`collecting_unit_id` text NOT NULL,
	`category` text NOT NULL,
	`basis_level` text NOT NULL,
	`bases` text NOT NULL,
	`fund_management` text,
	`affects_enterprises` integer DEFAULT false NOT NULL,
	`standard_kind` text NOT NULL,
	`amount_fen` integer,
	`min_fen` integer,
	`max_fen` integer,
	`per` text NOT NULL,
	`current_charge_fen` integer,
	`annual_volume` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`collecting_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fee_items_code` ON `fee_items` (`code`);--> statement-breakpoint
CREATE INDEX `fee_items_unit_code` ON `fee_items` (`collecting_unit_id`,`code`,`id`);--> statement-breakpoint
CREATE INDEX `fee_items_category_code` ON `fee_items` (`category`,`code`,`id`);--> statement-breakpoint
CREATE INDEX `fee_items_basis_code` ON `fee_items` (`basis_level`,`code`,`id`);--> statement-breakpoint
CREATE INDEX `fee_items_unit_name` ON `fee_items` (`collecting_unit_id`,`name`);--> statement-breakpoint
CREATE TABLE `fee_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`fee_item_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`status` text DEFAULT 'declared' NOT NULL,
	`kept_as_necessary` integer,
	`necessity_justification` text,
	`declaration_note` text,
	`finance_verdict` text,
	`finance_text` text,
	`finance_api_key_id` text,
	`finance_at` text,
	`price_verdict` text,
	`price_text` text,
	`price_api_key_id` text,
	`price_at` text,
	`decision_id` text,
	`outcome` text,
	`decided_standard` text,
	`approved_standard_fen` integer,
	`decided_current_charge_fen` integer,
	`decided_annual_volume` integer,
	`decided_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`fee_item_id`) REFERENCES `fee_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `fee_decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fee_reviews_fee_campaign` ON `fee_reviews` (`fee_item_id`,`campaign_id`);--> statement-breakpoint
CREATE INDEX `fee_reviews_campaign` ON `fee_reviews` (`campaign_id`,`id`);--> statement-breakpoint
CREATE INDEX `fee_reviews_campaign_status` ON `fee_reviews` (`campaign_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `fee_reviews_unit` ON `fee_reviews` (`unit_id`,`campaign_id`,`id`);--> statement-breakpoint
CREATE INDEX `fee_reviews_status` ON `fee_reviews` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `fee_reviews_decision` ON `fee_reviews` (`decision_id`);