CREATE TABLE `campaign_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`recipient_id` integer NOT NULL,
	`message_id` integer,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recipient_id`) REFERENCES `campaign_recipients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `campaign_sends_campaign_idx` ON `campaign_sends` (`campaign_id`,`sent_at`);--> statement-breakpoint
CREATE INDEX `campaign_sends_message_idx` ON `campaign_sends` (`message_id`);--> statement-breakpoint
CREATE INDEX `campaign_sends_recipient_idx` ON `campaign_sends` (`recipient_id`);