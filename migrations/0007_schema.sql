ALTER TABLE `idempotency_keys` ADD `owner_host` text;--> statement-breakpoint
ALTER TABLE `idempotency_keys` ADD `owner_pid` integer;--> statement-breakpoint
ALTER TABLE `idempotency_keys` ADD `owner_instance` text;