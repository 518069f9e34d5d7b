-- score_run: this run's own settings, one row, read by score_changes.sql and merge.sql (so that
-- they take no parameter): rewrite_all ($full) rewrites every open row, $scored_at is the run's one timestamp.
create or replace temp table score_run as
select $full::BOOLEAN as rewrite_all, $scored_at::TIMESTAMP as scored_at
