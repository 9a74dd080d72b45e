CREATE TABLE `outbound_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`content_sid` text,
	`content_variables` text,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`last_error_code` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbound_jobs_message_unique` ON `outbound_jobs` (`message_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `outbound_jobs_key_unique` ON `outbound_jobs` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbound_jobs_due_idx` ON `outbound_jobs` (`state`,`next_attempt_at`);--> statement-breakpoint
ALTER TABLE `messages` ADD `sent_by_user_id` integer REFERENCES users(id);