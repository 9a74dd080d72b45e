DROP INDEX `employees_name_nocase_idx`;--> statement-breakpoint
DROP INDEX `employees_department_name_idx`;--> statement-breakpoint
ALTER TABLE `employees` ADD `name_sort` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `employees_name_sort_idx` ON `employees` (`name_sort`,`id`);--> statement-breakpoint
CREATE INDEX `employees_department_name_sort_idx` ON `employees` (`department`,`name_sort`,`id`);