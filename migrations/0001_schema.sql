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
CREATE INDEX `rectification_items_stats` ON `rectification_items` (`campaign_id`,`lead_unit_id`,`status`,`deadline`,`progress`,`completed_on_time`);