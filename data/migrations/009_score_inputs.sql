-- score_inputs: what each open opportunity's stored score was last computed from by a score run,
-- as one hash of its inputs (its score_targets row with the as-of date, its CRM facts, its
-- lead_actions, the configuration's version and the score SQL), next to the scored_at its
-- scv_customer_score row had then. A later run skips an opportunity whose inputs hash the same
-- while its stored row still has that scored_at (nothing wrote it since), and scores only the
-- others (pipelines/score/score_kept.sql). Not read by the app; emptying it makes the next run
-- score every opportunity.
CREATE TABLE score_inputs (
  opty_id VARCHAR NOT NULL,
  input_hash UBIGINT NOT NULL,
  scored_at TIMESTAMP NOT NULL
);
