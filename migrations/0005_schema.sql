CREATE INDEX `units_updated` ON `units` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `approval_items_updated` ON `approval_items` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `approval_reviews_updated` ON `approval_reviews` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `fee_items_updated` ON `fee_items` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `fee_reviews_updated` ON `fee_reviews` (`updated_at`,`id`);