-- dte_session_lookup also returns the book version (fund.book_version) of the asked fund when the
-- session's user is a member of it (NULL otherwise): a query answered entirely from the api's book
-- cache then needs this one statement (docs/api-risk.md "Loading, statement count and the book cache").
-- The return type changes, so the function is dropped and created again (same grant, see app-role.ts).
DROP FUNCTION "dte_session_lookup"(text, uuid);
CREATE FUNCTION "dte_session_lookup"(token_hash text, fund uuid)
RETURNS TABLE (id uuid, user_id uuid, revoked_at timestamptz, idle_expires_at timestamptz,
  absolute_expires_at timestamptz, last_seen_at timestamptz, role "Role", book_version bigint)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT s."id", s."user_id", s."revoked_at", s."idle_expires_at", s."absolute_expires_at", s."last_seen_at",
    m."role", CASE WHEN m."role" IS NULL THEN NULL ELSE f."book_version" END
  FROM public."session" s
  LEFT JOIN public."membership" m ON m."fund_id" = $2 AND m."user_id" = s."user_id"
  LEFT JOIN public."fund" f ON f."id" = m."fund_id"
  WHERE s."token_hash" = $1::char(64)
$$;
REVOKE ALL ON FUNCTION "dte_session_lookup"(text, uuid) FROM PUBLIC;
