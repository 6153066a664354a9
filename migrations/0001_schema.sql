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