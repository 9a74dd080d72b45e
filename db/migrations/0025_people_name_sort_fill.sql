-- Fills employees.name_sort (added empty by 0024) for the people already stored, with the same key
-- nameSortKey() in db/queries/employees.ts writes for every new or renamed person: the name with
-- ASCII letters in lower case (SQLite's lower() folds ASCII only, as NOCASE does) and each run of
-- digits replaced by its length in three digits and its value without leading zeros ("Bulk 2" ->
-- "bulk 0012", "Bulk 10" -> "bulk 00210"), so byte order is number order. drizzle-kit cannot express
-- a data step: generated empty with `drizzle-kit generate --custom` and written here. The walk goes
-- through each name a character at a time (`done` is the key so far, `run` the digits pending).
WITH RECURSIVE walk(id, name, pos, done, run) AS (
  SELECT id, lower(name), 1, '', '' FROM employees
  UNION ALL
  SELECT
    id,
    name,
    pos + 1,
    CASE
      WHEN substr(name, pos, 1) GLOB '[0-9]' THEN done
      WHEN run = '' THEN done || substr(name, pos, 1)
      ELSE done || printf('%03d', length(coalesce(nullif(ltrim(run, '0'), ''), '0'))) || coalesce(nullif(ltrim(run, '0'), ''), '0') || substr(name, pos, 1)
    END,
    CASE WHEN substr(name, pos, 1) GLOB '[0-9]' THEN run || substr(name, pos, 1) ELSE '' END
  FROM walk
  WHERE pos <= length(name)
)
UPDATE employees
SET name_sort = CASE
  WHEN walk.run = '' THEN walk.done
  ELSE walk.done || printf('%03d', length(coalesce(nullif(ltrim(walk.run, '0'), ''), '0'))) || coalesce(nullif(ltrim(walk.run, '0'), ''), '0')
END
FROM walk
WHERE walk.id = employees.id AND walk.pos = length(walk.name) + 1;
