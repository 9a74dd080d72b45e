ALTER TABLE `campaigns` ADD `last_reminded_at` integer;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `last_reminded_by_user_id` integer REFERENCES users(id);