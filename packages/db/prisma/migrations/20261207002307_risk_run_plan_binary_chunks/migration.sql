-- AlterTable
ALTER TABLE "risk_run" ADD COLUMN     "plan" TEXT;

-- AlterTable
ALTER TABLE "risk_run_chunk" ADD COLUMN     "summary" BYTEA,
ALTER COLUMN "result" DROP NOT NULL;

-- Hand-written (not expressible in schema.prisma) --------------------------------------------------

-- A chunk row holds its summary in exactly one form: binary (new rows) or JSON (older rows).
ALTER TABLE "risk_run_chunk"
  ADD CONSTRAINT "risk_run_chunk_summary_check" CHECK (("summary" IS NULL) <> ("result" IS NULL));

-- Binary summaries are float64 arrays that do not compress: store them out of line uncompressed
-- instead of letting TOAST try pglz on every insert.
ALTER TABLE "risk_run_chunk" ALTER COLUMN "summary" SET STORAGE EXTERNAL;

-- RUNNING runs planned before this migration kept their plan in "result": move it to "plan".
UPDATE "risk_run" SET "plan" = "result"::text, "result" = NULL
  WHERE "status" = 'RUNNING' AND "result" IS NOT NULL;
