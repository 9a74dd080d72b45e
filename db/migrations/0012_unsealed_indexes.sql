CREATE INDEX `audit_log_unsealed_idx` ON `audit_log` (`id`) WHERE hash is null;--> statement-breakpoint
CREATE INDEX `messages_unsealed_idx` ON `messages` (`id`) WHERE hash is null;