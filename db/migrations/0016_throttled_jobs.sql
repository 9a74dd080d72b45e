ALTER TABLE `outbound_jobs` ADD `throttled_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbound_jobs` ADD `throttled_since` integer;