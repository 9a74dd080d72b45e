ALTER TABLE `expiry_reminders` ADD `acknowledged_at` integer;--> statement-breakpoint
ALTER TABLE `expiry_reminders` ADD `ack_message_sid` text;