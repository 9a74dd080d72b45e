-- One spelling per department, case and spacing aside (the app writes them so from now on):
-- first spaces trimmed and runs of spaces or tabs made one space, then every spelling of a
-- department, compared as NOCASE does (ASCII letters case aside), becomes the one most people have
-- (the earliest stored on a tie). updated_at is left alone: nobody edited these people.
UPDATE `employees` SET `department` = trim(replace(replace(replace(replace(replace(`department`, char(9), ' '), '        ', ' '), '    ', ' '), '  ', ' '), '  ', ' ')) WHERE `department` <> '';
--> statement-breakpoint
UPDATE `employees` SET `department` = (
  SELECT `e`.`department` FROM `employees` AS `e`
  WHERE `e`.`department` = `employees`.`department` COLLATE NOCASE
  GROUP BY `e`.`department`
  ORDER BY count(*) DESC, min(`e`.`id`)
  LIMIT 1
) WHERE `department` <> '';
