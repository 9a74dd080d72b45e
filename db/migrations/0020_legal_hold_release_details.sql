ALTER TABLE `legal_holds` ADD `released_by_user_id` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `legal_holds` ADD `release_reason` text;--> statement-breakpoint
CREATE INDEX `legal_holds_released_idx` ON `legal_holds` (`released_at`);