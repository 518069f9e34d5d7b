-- lead_list_source: what lead_list was last rebuilt or checked against by a score run: its as-of
-- date, the scoring configuration's version and the last file loaded into a table the score reads
-- (pipelines/score/score_sources.sql). A run that keeps its facts and changes no score keeps
-- lead_list without comparing its rows while these are still the same (single rescores replace
-- their own rows as they go). One row, none before the first run.
CREATE TABLE lead_list_source (
  as_of_date DATE NOT NULL,
  score_version VARCHAR NOT NULL,
  sources VARCHAR NOT NULL
);
