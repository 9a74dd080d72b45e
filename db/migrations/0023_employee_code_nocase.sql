DROP INDEX `employees_code_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `employees_code_nocase_unique` ON `employees` ("employee_code" collate nocase);