CREATE TABLE `opinion_contacts` (
	`opinion_id` text PRIMARY KEY NOT NULL,
	`name` text,
	`phone` text,
	`email` text,
	`address` text,
	`erased_at` text,
	FOREIGN KEY (`opinion_id`) REFERENCES `opinions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `opinion_number_counters` (
	`year` integer PRIMARY KEY NOT NULL,
	`last` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `opinion_units` (
	`opinion_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`role` text NOT NULL,
	FOREIGN KEY (`opinion_id`) REFERENCES `opinions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `opinion_units_pk` ON `opinion_units` (`opinion_id`,`unit_id`);--> statement-breakpoint
CREATE INDEX `opinion_units_unit` ON `opinion_units` (`unit_id`,`opinion_id`);--> statement-breakpoint
CREATE TABLE `opinions` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`external_id` text,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`unit_id` text,
	`category` text,
	`text` text NOT NULL,
	`place` text,
	`occurred_on` text,
	`submitter_kind` text NOT NULL,
	`anonymous` integer NOT NULL,
	`has_contact` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`lead_unit_id` text,
	`co_unit_ids` text DEFAULT '[]' NOT NULL,
	`route_due_on` text,
	`routed_on` text,
	`accept_due_on` text,
	`accepted_on` text,
	`deadline` text,
	`extension_until` text,
	`extension_reason` text,
	`actions_taken` text,
	`public_answer` text,
	`internal_note` text,
	`answered_at` text,
	`answered_on_time` integer,
	`ever_overdue` integer DEFAULT false NOT NULL,
	`rating` text,
	`rated_at` text,
	`rating_source` text,
	`revisit_note` text,
	`reopen_count` integer DEFAULT 0 NOT NULL,
	`return_count` integer DEFAULT 0 NOT NULL,
	`remind_count` integer DEFAULT 0 NOT NULL,
	`last_reminded_on` text,
	`closed_at` text,
	`problem_id` text,
	`rectification_item_id` text,
	`duplicate_count` integer DEFAULT 0 NOT NULL,
	`query_code_hash` text,
	`address_hash` text,
	`text_hash` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `opinions_number` ON `opinions` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `opinions_external_id` ON `opinions` (`external_id`);--> statement-breakpoint
CREATE INDEX `opinions_created` ON `opinions` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `opinions_status` ON `opinions` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `opinions_lead` ON `opinions` (`lead_unit_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `opinions_unit` ON `opinions` (`unit_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `opinions_duplicate` ON `opinions` (`address_hash`,`text_hash`,`created_at`);--> statement-breakpoint
CREATE TABLE `work_calendar_years` (
	`year` integer PRIMARY KEY NOT NULL,
	`days` text NOT NULL,
	`source` text,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL
);
