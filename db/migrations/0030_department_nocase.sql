DROP INDEX `employees_department_name_sort_idx`;--> statement-breakpoint
CREATE INDEX `employees_department_name_sort_nocase_idx` ON `employees` ("department" collate nocase,`name_sort`,`id`);