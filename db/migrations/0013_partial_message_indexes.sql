DROP INDEX `messages_reply_to_unique`;--> statement-breakpoint
DROP INDEX `messages_command_created_idx`;--> statement-breakpoint
DROP INDEX `messages_flag_created_idx`;--> statement-breakpoint
DROP INDEX `messages_open_created_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_reply_to_unique` ON `messages` (`reply_to_id`) WHERE reply_to_id is not null;--> statement-breakpoint
CREATE INDEX `messages_command_created_idx` ON `messages` (`command`,`created_at`,`id`) WHERE command is not null;--> statement-breakpoint
CREATE INDEX `messages_flag_created_idx` ON `messages` (`flag`,`created_at`,`id`) WHERE flag is not null;--> statement-breakpoint
CREATE INDEX `messages_open_created_idx` ON `messages` (`handled_at`,`created_at`,`id`) WHERE direction = 'inbound';