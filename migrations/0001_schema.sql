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
ALTER TABLE `problems` ADD `status_reason` text;--> statement-breakpoint
CREATE INDEX `problems_campaign` ON `problems` (`campaign_id`,`id`);--> statement-breakpoint
CREATE INDEX `problems_category` ON `problems` (`category`,`id`);--> statement-breakpoint
CREATE INDEX `problems_dimension` ON `problems` (`dimension`,`id`);--> statement-breakpoint
CREATE INDEX `problems_source` ON `problems` (`source`,`id`);--> statement-breakpoint
CREATE INDEX `problems_status` ON `problems` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `campaigns_status` ON `campaigns` (`status`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_template_year` ON `campaigns` (`template`,`year`);