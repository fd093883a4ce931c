-- AlterTable
ALTER TABLE "fund" ADD COLUMN     "book_version" BIGINT NOT NULL DEFAULT 0;

-- Book version (docs/database.md "Book version"): every statement that writes a row a fund's book
-- is built from (positions, balances, lending rows, accounts, instruments, market snapshots and
-- quotes) bumps `fund.book_version` of the funds whose rows it wrote, in the same transaction; a
-- write of a global row (fund_id NULL: catalog, shared market data) or a TRUNCATE bumps every fund.
-- A reader sees the counter and the rows in one snapshot, so equal versions mean equal books.
-- Statement-level triggers with transition tables: one UPDATE of the fund row per statement, not
-- per row (a 10,000-row import bumps once). SECURITY DEFINER (owned by the migrator): the fund
-- row is updated whatever the writer's row-level security allows (global writes, cascades).
CREATE FUNCTION "dte_bump_book_version"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  everyone boolean;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    everyone := true;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT coalesce(bool_or(r."fund_id" IS NULL), false) INTO everyone FROM new_rows r;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT coalesce(bool_or(r."fund_id" IS NULL), false) INTO everyone FROM old_rows r;
  ELSE
    SELECT coalesce(bool_or(r."fund_id" IS NULL), false) INTO everyone
    FROM (SELECT "fund_id" FROM new_rows UNION ALL SELECT "fund_id" FROM old_rows) r;
  END IF;
  IF everyone THEN
    UPDATE public."fund" SET "book_version" = "book_version" + 1;
  ELSIF TG_OP = 'INSERT' THEN
    UPDATE public."fund" f SET "book_version" = f."book_version" + 1
    WHERE f."id" IN (SELECT r."fund_id" FROM new_rows r);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE public."fund" f SET "book_version" = f."book_version" + 1
    WHERE f."id" IN (SELECT r."fund_id" FROM old_rows r);
  ELSE
    UPDATE public."fund" f SET "book_version" = f."book_version" + 1
    WHERE f."id" IN (SELECT r."fund_id" FROM new_rows r UNION SELECT r."fund_id" FROM old_rows r);
  END IF;
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION "dte_bump_book_version"() FROM PUBLIC;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['position', 'balance', 'lending_position', 'account', 'instrument',
                           'market_snapshot', 'market_quote'] LOOP
    EXECUTE format('CREATE TRIGGER "dte_book_version_insert" AFTER INSERT ON %I
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dte_bump_book_version"()', t);
    EXECUTE format('CREATE TRIGGER "dte_book_version_update" AFTER UPDATE ON %I
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dte_bump_book_version"()', t);
    EXECUTE format('CREATE TRIGGER "dte_book_version_delete" AFTER DELETE ON %I
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dte_bump_book_version"()', t);
    EXECUTE format('CREATE TRIGGER "dte_book_version_truncate" AFTER TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION "dte_bump_book_version"()', t);
  END LOOP;
END
$$;

-- Session authentication and fund selection in ONE statement, before any fund is set (the api's
-- per-request path, docs/security.md): the session whose token hashes (SHA-256, lower-case hex) to
-- `token_hash`, and the role of its user in `fund` (NULL: no membership, or no fund asked for).
-- Only the holder of a session token learns a role, and only their own.
CREATE FUNCTION "dte_session_lookup"(token_hash text, fund uuid)
RETURNS TABLE (id uuid, user_id uuid, revoked_at timestamptz, idle_expires_at timestamptz,
  absolute_expires_at timestamptz, last_seen_at timestamptz, role "Role")
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT s."id", s."user_id", s."revoked_at", s."idle_expires_at", s."absolute_expires_at", s."last_seen_at",
    (SELECT m."role" FROM public."membership" m WHERE m."fund_id" = $2 AND m."user_id" = s."user_id")
  FROM public."session" s
  WHERE s."token_hash" = $1::char(64)
$$;
REVOKE ALL ON FUNCTION "dte_session_lookup"(text, uuid) FROM PUBLIC;
