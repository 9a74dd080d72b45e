CREATE TABLE `chain_gaps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chain` text NOT NULL,
	`before_hash` text NOT NULL,
	`after_hash` text NOT NULL,
	`rows` integer NOT NULL,
	`reason` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `chain_gaps_before_idx` ON `chain_gaps` (`chain`,`before_hash`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `hash` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `hash` text;