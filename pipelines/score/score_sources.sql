-- What score_facts (score_opty_facts.sql) was computed from: the last file loaded into a table it
-- reads (files are the only way data enters those tables, SPEC 3; the app writes lead_actions and
-- an opportunity's stage and status, which a single rescore reads fresh). Stored in
-- score_facts_source by a score run, compared by a single rescore.
select coalesce(max(run_id), 0)::VARCHAR as sources
from ingest_runs
where status = 'loaded'
  and table_name in ('customer_pipeline', 'call_log', 'customer_journey', 'stock', 'dealers')
