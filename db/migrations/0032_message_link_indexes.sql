CREATE INDEX `campaign_recipients_message_idx` ON `campaign_recipients` (`message_id`);--> statement-breakpoint
CREATE INDEX `expiry_reminders_message_idx` ON `expiry_reminders` (`message_id`);