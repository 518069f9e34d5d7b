-- The app's accounts, sessions and login throttling (SPEC 8). Usernames are unique by construction:
-- every write goes through the one writer connection, which checks before inserting.

-- One row per account. The scope columns say which leads the role may see (app/auth/scope.ts).
CREATE TABLE users (
  username VARCHAR NOT NULL,
  password_hash VARCHAR NOT NULL, -- scrypt$N$r$p$salt$hash (base64)
  role VARCHAR NOT NULL, -- rep | manager | regional | leadership | admin
  dealer_codes VARCHAR[] NOT NULL DEFAULT [],
  dse_id VARCHAR,
  states VARCHAR[] NOT NULL DEFAULT [],
  districts VARCHAR[] NOT NULL DEFAULT [],
  lang VARCHAR NOT NULL DEFAULT 'en', -- en | hi
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);

-- One row per signed-in browser. Only a SHA-256 of the random cookie value is stored.
CREATE TABLE sessions (
  session_hash VARCHAR NOT NULL,
  username VARCHAR NOT NULL,
  csrf_token VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL
);

-- One row per failed login, by account ("user:NAME") and by address ("ip:ADDR"); old rows are pruned.
CREATE TABLE login_failures (
  throttle_key VARCHAR NOT NULL,
  failed_at TIMESTAMP NOT NULL
);
