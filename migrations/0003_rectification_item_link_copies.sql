ALTER TABLE `rectification_items` ADD `co_unit_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `rectification_items` ADD `participant_unit_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `rectification_items` ADD `problem_ids` text DEFAULT '[]' NOT NULL;