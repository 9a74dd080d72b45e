ALTER TABLE `audit_log` ADD `kind` text GENERATED ALWAYS AS (substr("action", 1, instr("action", '.'))) VIRTUAL;--> statement-breakpoint
CREATE INDEX `audit_log_kind_idx` ON `audit_log` (`kind`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_user_idx` ON `audit_log` (`actor_user_id`,`at`) WHERE actor_user_id is not null;--> statement-breakpoint
CREATE INDEX `audit_log_system_idx` ON `audit_log` (`at`) WHERE actor_user_id is null and actor_label = 'system';--> statement-breakpoint
CREATE INDEX `audit_log_whatsapp_idx` ON `audit_log` (`at`) WHERE actor_user_id is null and actor_label like '% via WhatsApp';