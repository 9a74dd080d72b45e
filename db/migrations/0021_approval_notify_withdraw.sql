ALTER TABLE `approval_requests` ADD `last_notified_at` integer;--> statement-breakpoint
ALTER TABLE `approval_requests` ADD `last_notified_by_user_id` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `approval_requests` ADD `withdrawn_at` integer;--> statement-breakpoint
ALTER TABLE `approval_requests` ADD `withdrawn_by_user_id` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `approval_requests` ADD `withdrawn_reason` text;