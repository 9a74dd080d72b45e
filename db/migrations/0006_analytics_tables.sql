CREATE TABLE `daily_senders` (
	`day` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`day`, `contact_id`)
);
--> statement-breakpoint
CREATE INDEX `daily_senders_contact_day_idx` ON `daily_senders` (`contact_id`,`day`);--> statement-breakpoint
CREATE TABLE `error_counts` (
	`day` integer NOT NULL,
	`error_code` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`day`, `error_code`)
);
--> statement-breakpoint
CREATE TABLE `hourly_counts` (
	`hour` integer NOT NULL,
	`direction` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`hour`, `direction`)
);
--> statement-breakpoint
CREATE TABLE `latency_counts` (
	`day` integer NOT NULL,
	`bucket` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`day`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `message_counts` (
	`day` integer NOT NULL,
	`direction` text NOT NULL,
	`kind` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`day`, `direction`, `kind`)
);
--> statement-breakpoint
CREATE TABLE `status_counts` (
	`day` integer NOT NULL,
	`status` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`day`, `status`)
);
--> statement-breakpoint
ALTER TABLE `messages` ADD `sent_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `delivered_at` integer;