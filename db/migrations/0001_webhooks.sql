CREATE TABLE `command_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`keyword` text NOT NULL,
	`match` text NOT NULL,
	`reply` text NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `command_rules_keyword_match_unique` ON `command_rules` (`keyword`,`match`);--> statement-breakpoint
CREATE TABLE `status_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_sid` text NOT NULL,
	`message_id` integer,
	`status` text NOT NULL,
	`error_code` integer,
	`error_message` text,
	`event_type` text,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `status_events_sid_idx` ON `status_events` (`message_sid`);--> statement-breakpoint
CREATE INDEX `status_events_message_idx` ON `status_events` (`message_id`,`id`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `inbound_day` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `inbound_day_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `contacts` ADD `last_auto_reply_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `media` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `message_type` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `profile_name` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `wa_id` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `latitude` real;--> statement-breakpoint
ALTER TABLE `messages` ADD `longitude` real;--> statement-breakpoint
ALTER TABLE `messages` ADD `address` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `label` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `button_text` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `button_payload` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `original_replied_message_sid` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `extra` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `flag` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `reply_to_id` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_reply_to_unique` ON `messages` (`reply_to_id`);