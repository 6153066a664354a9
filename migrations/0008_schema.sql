CREATE TABLE `inspection_findings` (
	`id` text PRIMARY KEY NOT NULL,
	`inspection_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`external_id` text,
	`subject_kind` text,
	`subject_id` text,
	`rating` text NOT NULL,
	`description` text NOT NULL,
	`requirement` text,
	`due_on` text,
	`status` text NOT NULL,
	`delivered_at` text,
	`correction` text,
	`cause_analysis` text,
	`remedy` text,
	`responded_at` text,
	`responded_late` integer,
	`verified_at` text,
	`rejection_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inspection_findings_inspection` ON `inspection_findings` (`inspection_id`,`id`);--> statement-breakpoint
CREATE INDEX `inspection_findings_unit` ON `inspection_findings` (`unit_id`,`status`,`due_on`,`id`);--> statement-breakpoint
CREATE INDEX `inspection_findings_external` ON `inspection_findings` (`external_id`);--> statement-breakpoint
CREATE INDEX `inspection_findings_subject` ON `inspection_findings` (`subject_kind`,`subject_id`);--> statement-breakpoint
CREATE TABLE `inspection_units` (
	`inspection_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`conclusion_delivered_at` text,
	PRIMARY KEY(`inspection_id`, `unit_id`),
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inspection_units_unit` ON `inspection_units` (`unit_id`,`inspection_id`);--> statement-breakpoint
CREATE TABLE `inspections` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`phase_id` text,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`inspecting_body` text NOT NULL,
	`inspecting_unit_id` text,
	`unit_ids` text NOT NULL,
	`subjects` text NOT NULL,
	`team` text NOT NULL,
	`method_notes` text,
	`planned_start_on` text NOT NULL,
	`planned_end_on` text NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`started_at` text,
	`concluded_at` text,
	`conclusion` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`phase_id`) REFERENCES `phases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inspecting_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inspections_campaign` ON `inspections` (`campaign_id`,`id`);--> statement-breakpoint
CREATE INDEX `inspections_kind_status` ON `inspections` (`kind`,`status`,`id`);--> statement-breakpoint
CREATE TABLE `supervision_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text,
	`unit_id` text NOT NULL,
	`item_id` text,
	`finding_id` text,
	`phase_report_id` text,
	`phase_id` text,
	`title` text NOT NULL,
	`requirement` text NOT NULL,
	`reply_method` text,
	`reply_due_on` text NOT NULL,
	`status` text DEFAULT 'issued' NOT NULL,
	`acknowledged_at` text,
	`first_replied_at` text,
	`last_replied_at` text,
	`answered_late` integer,
	`reply_count` integer DEFAULT 0 NOT NULL,
	`reminder_count` integer DEFAULT 0 NOT NULL,
	`last_reminded_on` text,
	`escalated_to_unit_id` text,
	`closed_at` text,
	`closing_note` text,
	`return_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`finding_id`) REFERENCES `inspection_findings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`phase_id`) REFERENCES `phases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`escalated_to_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `supervision_orders_unit` ON `supervision_orders` (`unit_id`,`status`,`reply_due_on`,`id`);--> statement-breakpoint
CREATE INDEX `supervision_orders_status` ON `supervision_orders` (`status`,`reply_due_on`,`id`);--> statement-breakpoint
CREATE INDEX `supervision_orders_escalated` ON `supervision_orders` (`escalated_to_unit_id`,`id`);--> statement-breakpoint
CREATE TABLE `supervision_reminders` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`number` integer NOT NULL,
	`reminded_on` text NOT NULL,
	`escalated_to_unit_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `supervision_orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `supervision_reminders_order` ON `supervision_reminders` (`order_id`,`number`);--> statement-breakpoint
CREATE TABLE `supervision_replies` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`content` text NOT NULL,
	`api_key_id` text,
	`replied_at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `supervision_orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `supervision_replies_order` ON `supervision_replies` (`order_id`,`id`);--> statement-breakpoint
CREATE TABLE `publicity_records` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`unit_id` text,
	`person_name` text,
	`person_position` text,
	`person_contact` text,
	`person_id_number` text,
	`internal_notes` text,
	`handling` text,
	`accountability` text NOT NULL,
	`links` text NOT NULL,
	`media` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`approved_at` text,
	`published_at` text,
	`publish_reason` text,
	`withdrawn_at` text,
	`withdraw_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `publicity_status` ON `publicity_records` (`status`,`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `publicity_unit` ON `publicity_records` (`unit_id`,`kind`,`status`);--> statement-breakpoint
ALTER TABLE `phase_reports` ADD `redo_required` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `phase_reports` ADD `redo_reason` text;