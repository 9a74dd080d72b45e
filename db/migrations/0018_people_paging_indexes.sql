DROP INDEX `employees_department_idx`;--> statement-breakpoint
DROP INDEX `employees_name_idx`;--> statement-breakpoint
CREATE INDEX `employees_name_nocase_idx` ON `employees` ("name" collate nocase,`id`);--> statement-breakpoint
CREATE INDEX `employees_department_name_idx` ON `employees` (`department`,"name" collate nocase,`id`);