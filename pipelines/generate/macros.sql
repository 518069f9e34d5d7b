-- Deterministic pseudo-randomness for the generator: every draw is a hash of (seed, row key, stream k) mapped
-- to [0, 1), so the output depends only on the seed and the as-of date, never on threads or run order.
-- The outer hash matters: hash(a, b, c) only combines the hashes of its arguments, so without
-- re-hashing, draws of different streams k for the same row would be strongly correlated.
-- Variables set by generate.ts: seed (BIGINT), as_of (DATE), n (opportunities), n_dealers, history_days.

CREATE OR REPLACE MACRO u1(a, k) AS
  (hash(hash(getvariable('seed'), a, k)) >> 11)::DOUBLE / 9007199254740992.0;

CREATE OR REPLACE MACRO u2(a, b, k) AS
  (hash(hash(getvariable('seed'), a, b, k)) >> 11)::DOUBLE / 9007199254740992.0;

-- one element of a list, chosen by a uniform draw u in [0, 1)
CREATE OR REPLACE MACRO pick(l, u) AS l[1 + floor(u * len(l))::INTEGER];

-- the as-of "now": activity is generated up to 20:00 IST of the as-of date
CREATE OR REPLACE MACRO horizon() AS getvariable('as_of')::TIMESTAMP + INTERVAL 20 HOUR;

CREATE OR REPLACE MACRO sigmoid(x) AS 1.0 / (1.0 + exp(-x));
