ALTER TABLE `messages` ADD `handled_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `handled_by_user_id` integer REFERENCES users(id);--> statement-breakpoint
CREATE INDEX `messages_status_created_idx` ON `messages` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `messages_command_created_idx` ON `messages` (`command`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `messages_flag_created_idx` ON `messages` (`flag`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `messages_open_created_idx` ON `messages` (`direction`,`handled_at`,`created_at`,`id`);