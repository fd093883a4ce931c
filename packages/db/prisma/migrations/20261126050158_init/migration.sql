-- CreateEnum
CREATE TYPE "Role" AS ENUM ('OWNER', 'RISK_MANAGER', 'ANALYST', 'VIEWER');

-- CreateEnum
CREATE TYPE "AccountKind" AS ENUM ('EXCHANGE', 'SUB_ACCOUNT', 'WALLET', 'CUSTODIAN', 'PROTOCOL');

-- CreateEnum
CREATE TYPE "MarginMode" AS ENUM ('ISOLATED', 'CROSS');

-- CreateEnum
CREATE TYPE "InstrumentKind" AS ENUM ('SPOT', 'FUTURE', 'PERPETUAL', 'OPTION', 'LEVERAGED_TOKEN', 'LENDING_RESERVE');

-- CreateEnum
CREATE TYPE "Settlement" AS ENUM ('LINEAR', 'INVERSE', 'QUANTO');

-- CreateEnum
CREATE TYPE "OptionType" AS ENUM ('CALL', 'PUT');

-- CreateEnum
CREATE TYPE "BalanceKind" AS ENUM ('SPOT', 'COLLATERAL');

-- CreateEnum
CREATE TYPE "LendingSide" AS ENUM ('SUPPLY', 'BORROW');

-- CreateEnum
CREATE TYPE "QuoteKind" AS ENUM ('SPOT', 'INDEX', 'MARK', 'FORWARD', 'VOL');

-- CreateEnum
CREATE TYPE "ApiKeyScope" AS ENUM ('READ', 'READ_WRITE');

-- CreateEnum
CREATE TYPE "LimitKind" AS ENUM ('NET_DELTA', 'GROSS_NOTIONAL', 'VAR', 'LEVERAGE', 'LIQUIDATION_DISTANCE', 'STOP_LEVEL');

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('INFO', 'WARNING', 'CRITICAL');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'CLEARED');

-- CreateEnum
CREATE TYPE "RiskRunKind" AS ENUM ('MONTE_CARLO_VAR', 'HISTORICAL_VAR', 'PARAMETRIC_VAR', 'SCENARIO_GRID', 'STRESS', 'CASCADE', 'BACKTEST');

-- CreateEnum
CREATE TYPE "RiskRunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ScheduleKind" AS ENUM ('RISK_SNAPSHOT', 'LIMIT_CHECK');

-- CreateTable
CREATE TABLE "fund" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" VARCHAR(200) NOT NULL,
    "slug" VARCHAR(64) NOT NULL,
    "base_currency" VARCHAR(16) NOT NULL DEFAULT 'USD',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "fund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" VARCHAR(320) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "password_hash" TEXT NOT NULL,
    "failed_login_count" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "fund_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idle_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "absolute_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "user_agent" VARCHAR(512),
    "ip" VARCHAR(64),

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "fund_id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "prefix" VARCHAR(32) NOT NULL,
    "key_hash" CHAR(64) NOT NULL,
    "scope" "ApiKeyScope" NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "fund_id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "venue" VARCHAR(64) NOT NULL,
    "kind" "AccountKind" NOT NULL,
    "margin_mode" "MarginMode" NOT NULL DEFAULT 'CROSS',
    "parent_id" UUID,
    "external_ref" VARCHAR(200),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instrument" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "fund_id" UUID,
    "venue" VARCHAR(64) NOT NULL,
    "symbol" VARCHAR(128) NOT NULL,
    "kind" "InstrumentKind" NOT NULL,
    "settlement" "Settlement",
    "underlying" VARCHAR(32) NOT NULL,
    "quote_currency" VARCHAR(32) NOT NULL,
    "settlement_currency" VARCHAR(32) NOT NULL,
    "contract_size" DECIMAL(38,18) NOT NULL,
    "multiplier" DECIMAL(38,18),
    "expiry" TIMESTAMPTZ(3),
    "strike" DECIMAL(38,18),
    "option_type" "OptionType",
    "tick_size" DECIMAL(38,18),
    "initial_margin_rate" DECIMAL(20,10),
    "maintenance_margin_rate" DECIMAL(20,10),
    "margin_tiers" JSONB,
    "target_leverage" DECIMAL(20,10),
    "liquidation_threshold" DECIMAL(20,10),
    "liquidation_bonus" DECIMAL(20,10),
    "loan_to_value" DECIMAL(20,10),
    "close_factor" DECIMAL(20,10),
    "source_url" VARCHAR(1000),
    "notes" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "instrument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "position" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "fund_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "instrument_id" UUID NOT NULL,
    "quantity" DECIMAL(38,18) NOT NULL,
    "entry_price" DECIMAL(38,18),
    "margin_mode" "MarginMode",
    "isolated_margin" DECIMAL(38,18),
    "leverage" DECIMAL(20,10),
    "stop_price" DECIMAL(38,18),
    "external_ref" VARCHAR(200),
    "note" TEXT,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "position_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "balance" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "fund_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "token" VARCHAR(32) NOT NULL,
    "kind" "BalanceKind" NOT NULL,
    "quantity" DECIMAL(38,18) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "balance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lending_position" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "fund_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "protocol" VARCHAR(64) NOT NULL,
    "market" VARCHAR(64) NOT NULL DEFAULT 'main',
    "token" VARCHAR(32) NOT NULL,
    "side" "LendingSide" NOT NULL,
    "quantity" DECIMAL(38,18) NOT NULL,
    "used_as_collateral" BOOLEAN NOT NULL DEFAULT true,
    "instrument_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lending_position_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "market_snapshot" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "fund_id" UUID,
    "as_of" TIMESTAMPTZ(3) NOT NULL,
    "source" VARCHAR(200) NOT NULL,
    "rate" DECIMAL(20,10) NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "market_snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "market_quote" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "snapshot_id" UUID NOT NULL,
    "fund_id" UUID,
    "kind" "QuoteKind" NOT NULL,
    "token" VARCHAR(32) NOT NULL,
    "instrument_id" UUID,
    "expiry" TIMESTAMPTZ(3),
    "strike" DECIMAL(38,18),
    "value" DECIMAL(38,18) NOT NULL,

    CONSTRAINT "market_quote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "price_history" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "fund_id" UUID,
    "token" VARCHAR(32) NOT NULL,
    "date" DATE NOT NULL,
    "close" DECIMAL(38,18) NOT NULL,
    "source" VARCHAR(200) NOT NULL,

    CONSTRAINT "price_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk_limit" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "fund_id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "kind" "LimitKind" NOT NULL,
    "token" VARCHAR(32),
    "account_id" UUID,
    "position_id" UUID,
    "threshold" DECIMAL(38,18) NOT NULL,
    "warn_at" DECIMAL(20,10),
    "params" JSONB,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "risk_limit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "fund_id" UUID NOT NULL,
    "limit_id" UUID NOT NULL,
    "subject" VARCHAR(200) NOT NULL DEFAULT '',
    "status" "AlertStatus" NOT NULL DEFAULT 'OPEN',
    "severity" "AlertSeverity" NOT NULL,
    "message" TEXT NOT NULL,
    "value" DECIMAL(38,18) NOT NULL,
    "threshold" DECIMAL(38,18) NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by_id" UUID,
    "cleared_at" TIMESTAMPTZ(3),

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk_run" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "fund_id" UUID NOT NULL,
    "kind" "RiskRunKind" NOT NULL,
    "status" "RiskRunStatus" NOT NULL DEFAULT 'QUEUED',
    "params" JSONB NOT NULL,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "chunks_total" INTEGER NOT NULL DEFAULT 0,
    "chunks_done" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB,
    "error" TEXT,
    "error_code" VARCHAR(64),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "requested_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "risk_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk_run_chunk" (
    "run_id" UUID NOT NULL,
    "chunk_index" INTEGER NOT NULL,
    "fund_id" UUID NOT NULL,
    "result" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "risk_run_chunk_pkey" PRIMARY KEY ("run_id","chunk_index")
);

-- CreateTable
CREATE TABLE "risk_snapshot" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "fund_id" UUID NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,
    "market_snapshot_id" UUID,
    "exposures" JSONB NOT NULL,
    "risk" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "risk_snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "fund_id" UUID NOT NULL,
    "kind" "ScheduleKind" NOT NULL,
    "every_seconds" INTEGER,
    "cron" VARCHAR(100),
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "params" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "fund_id" UUID,
    "user_id" UUID,
    "api_key_id" UUID,
    "action" VARCHAR(100) NOT NULL,
    "target_type" VARCHAR(64),
    "target_id" VARCHAR(64),
    "details" JSONB,
    "request_id" VARCHAR(64),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "fund_slug_key" ON "fund"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

-- CreateIndex
CREATE INDEX "membership_user_id_idx" ON "membership"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "membership_fund_id_user_id_key" ON "membership"("fund_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "session_token_hash_key" ON "session"("token_hash");

-- CreateIndex
CREATE INDEX "session_user_id_idx" ON "session"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_prefix_key" ON "api_key"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_key_hash_key" ON "api_key"("key_hash");

-- CreateIndex
CREATE INDEX "api_key_fund_id_idx" ON "api_key"("fund_id");

-- CreateIndex
CREATE INDEX "account_fund_id_venue_idx" ON "account"("fund_id", "venue");

-- CreateIndex
CREATE UNIQUE INDEX "account_id_fund_id_key" ON "account"("id", "fund_id");

-- CreateIndex
CREATE UNIQUE INDEX "account_fund_id_name_key" ON "account"("fund_id", "name");

-- CreateIndex
CREATE INDEX "instrument_fund_id_idx" ON "instrument"("fund_id");

-- CreateIndex
CREATE INDEX "instrument_underlying_kind_idx" ON "instrument"("underlying", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "instrument_venue_symbol_fund_id_key" ON "instrument"("venue", "symbol", "fund_id");

-- CreateIndex
CREATE INDEX "position_fund_id_account_id_idx" ON "position"("fund_id", "account_id");

-- CreateIndex
CREATE INDEX "position_fund_id_instrument_id_idx" ON "position"("fund_id", "instrument_id");

-- CreateIndex
CREATE UNIQUE INDEX "position_id_fund_id_key" ON "position"("id", "fund_id");

-- CreateIndex
CREATE INDEX "balance_fund_id_token_idx" ON "balance"("fund_id", "token");

-- CreateIndex
CREATE UNIQUE INDEX "balance_account_id_token_kind_key" ON "balance"("account_id", "token", "kind");

-- CreateIndex
CREATE INDEX "lending_position_fund_id_token_idx" ON "lending_position"("fund_id", "token");

-- CreateIndex
CREATE UNIQUE INDEX "lending_position_account_id_protocol_market_token_side_key" ON "lending_position"("account_id", "protocol", "market", "token", "side");

-- CreateIndex
CREATE INDEX "market_snapshot_fund_id_as_of_idx" ON "market_snapshot"("fund_id", "as_of");

-- CreateIndex
CREATE INDEX "market_quote_snapshot_id_token_idx" ON "market_quote"("snapshot_id", "token");

-- CreateIndex
CREATE UNIQUE INDEX "price_history_fund_id_token_date_key" ON "price_history"("fund_id", "token", "date");

-- CreateIndex
CREATE INDEX "risk_limit_fund_id_idx" ON "risk_limit"("fund_id");

-- CreateIndex
CREATE UNIQUE INDEX "risk_limit_id_fund_id_key" ON "risk_limit"("id", "fund_id");

-- CreateIndex
CREATE INDEX "alert_fund_id_status_idx" ON "alert"("fund_id", "status");

-- CreateIndex
CREATE INDEX "risk_run_fund_id_created_at_idx" ON "risk_run"("fund_id", "created_at");

-- CreateIndex
CREATE INDEX "risk_run_status_idx" ON "risk_run"("status");

-- CreateIndex
CREATE UNIQUE INDEX "risk_run_id_fund_id_key" ON "risk_run"("id", "fund_id");

-- CreateIndex
CREATE INDEX "risk_snapshot_fund_id_as_of_idx" ON "risk_snapshot"("fund_id", "as_of");

-- CreateIndex
CREATE UNIQUE INDEX "schedule_fund_id_kind_key" ON "schedule"("fund_id", "kind");

-- CreateIndex
CREATE INDEX "audit_log_fund_id_created_at_idx" ON "audit_log"("fund_id", "created_at");

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_parent_id_fund_id_fkey" FOREIGN KEY ("parent_id", "fund_id") REFERENCES "account"("id", "fund_id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "instrument" ADD CONSTRAINT "instrument_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "position" ADD CONSTRAINT "position_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "position" ADD CONSTRAINT "position_account_id_fund_id_fkey" FOREIGN KEY ("account_id", "fund_id") REFERENCES "account"("id", "fund_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "position" ADD CONSTRAINT "position_instrument_id_fkey" FOREIGN KEY ("instrument_id") REFERENCES "instrument"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "balance" ADD CONSTRAINT "balance_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "balance" ADD CONSTRAINT "balance_account_id_fund_id_fkey" FOREIGN KEY ("account_id", "fund_id") REFERENCES "account"("id", "fund_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lending_position" ADD CONSTRAINT "lending_position_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lending_position" ADD CONSTRAINT "lending_position_account_id_fund_id_fkey" FOREIGN KEY ("account_id", "fund_id") REFERENCES "account"("id", "fund_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lending_position" ADD CONSTRAINT "lending_position_instrument_id_fkey" FOREIGN KEY ("instrument_id") REFERENCES "instrument"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "market_snapshot" ADD CONSTRAINT "market_snapshot_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "market_quote" ADD CONSTRAINT "market_quote_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "market_snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "market_quote" ADD CONSTRAINT "market_quote_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "market_quote" ADD CONSTRAINT "market_quote_instrument_id_fkey" FOREIGN KEY ("instrument_id") REFERENCES "instrument"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "price_history" ADD CONSTRAINT "price_history_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_limit" ADD CONSTRAINT "risk_limit_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_limit" ADD CONSTRAINT "risk_limit_account_id_fund_id_fkey" FOREIGN KEY ("account_id", "fund_id") REFERENCES "account"("id", "fund_id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "risk_limit" ADD CONSTRAINT "risk_limit_position_id_fund_id_fkey" FOREIGN KEY ("position_id", "fund_id") REFERENCES "position"("id", "fund_id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_limit_id_fund_id_fkey" FOREIGN KEY ("limit_id", "fund_id") REFERENCES "risk_limit"("id", "fund_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_run" ADD CONSTRAINT "risk_run_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_run_chunk" ADD CONSTRAINT "risk_run_chunk_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_run_chunk" ADD CONSTRAINT "risk_run_chunk_run_id_fund_id_fkey" FOREIGN KEY ("run_id", "fund_id") REFERENCES "risk_run"("id", "fund_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_snapshot" ADD CONSTRAINT "risk_snapshot_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_snapshot" ADD CONSTRAINT "risk_snapshot_market_snapshot_id_fkey" FOREIGN KEY ("market_snapshot_id") REFERENCES "market_snapshot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule" ADD CONSTRAINT "schedule_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- =====================================================================================================
-- HAND-WRITTEN SQL (appended to the engine's output; see docs/database.md)
-- Prisma's schema language cannot express what follows, and Prisma's differ ignores it (CHECK
-- constraints, partial indexes, NULLS NOT DISTINCT, row-level security, functions, triggers), so
-- `migrate:check` stays clean. Sections: (a) CHECK constraints, (b) unique indexes, (c) same-fund
-- reference triggers, (d) row-level security, (e) SECURITY DEFINER functions.
-- NaN: PostgreSQL sorts 'NaN' above every number, so `x > 0` alone accepts it; every numeric and
-- float column therefore has an explicit `<> 'NaN'` test.
-- =====================================================================================================

-- (a) CHECK constraints -------------------------------------------------------------------------------

ALTER TABLE "fund"
  ADD CONSTRAINT "fund_slug_check" CHECK ("slug" ~ '^[a-z0-9][a-z0-9_-]*$'),
  ADD CONSTRAINT "fund_name_check" CHECK (btrim("name") <> '');

ALTER TABLE "app_user"
  ADD CONSTRAINT "app_user_email_check" CHECK ("email" = lower("email") AND "email" LIKE '_%@_%'),
  ADD CONSTRAINT "app_user_failed_login_count_check" CHECK ("failed_login_count" >= 0);

-- Secrets are stored as the lower-case hex SHA-256 of the token / key.
ALTER TABLE "session"
  ADD CONSTRAINT "session_token_hash_check" CHECK ("token_hash" ~ '^[0-9a-f]{64}$');

ALTER TABLE "api_key"
  ADD CONSTRAINT "api_key_key_hash_check" CHECK ("key_hash" ~ '^[0-9a-f]{64}$');

ALTER TABLE "instrument"
  ADD CONSTRAINT "instrument_contract_size_check"
    CHECK ("contract_size" <> 'NaN' AND "contract_size" > 0),
  ADD CONSTRAINT "instrument_multiplier_check"
    CHECK ("multiplier" IS NULL OR ("multiplier" <> 'NaN' AND "multiplier" > 0)),
  ADD CONSTRAINT "instrument_strike_check"
    CHECK ("strike" IS NULL OR ("strike" <> 'NaN' AND "strike" > 0)),
  ADD CONSTRAINT "instrument_tick_size_check"
    CHECK ("tick_size" IS NULL OR ("tick_size" <> 'NaN' AND "tick_size" > 0)),
  ADD CONSTRAINT "instrument_initial_margin_rate_check"
    CHECK ("initial_margin_rate" IS NULL
      OR ("initial_margin_rate" <> 'NaN' AND "initial_margin_rate" > 0 AND "initial_margin_rate" <= 1)),
  ADD CONSTRAINT "instrument_maintenance_margin_rate_check"
    CHECK ("maintenance_margin_rate" IS NULL
      OR ("maintenance_margin_rate" <> 'NaN' AND "maintenance_margin_rate" > 0 AND "maintenance_margin_rate" <= 1)),
  ADD CONSTRAINT "instrument_margin_rates_order_check"
    CHECK ("initial_margin_rate" IS NULL OR "maintenance_margin_rate" IS NULL
      OR "maintenance_margin_rate" <= "initial_margin_rate"),
  ADD CONSTRAINT "instrument_target_leverage_check"
    CHECK ("target_leverage" IS NULL
      OR ("target_leverage" <> 'NaN' AND "target_leverage" <> 0 AND "target_leverage" BETWEEN -100 AND 100)),
  ADD CONSTRAINT "instrument_liquidation_threshold_check"
    CHECK ("liquidation_threshold" IS NULL
      OR ("liquidation_threshold" <> 'NaN' AND "liquidation_threshold" > 0 AND "liquidation_threshold" <= 1)),
  ADD CONSTRAINT "instrument_liquidation_bonus_check"
    CHECK ("liquidation_bonus" IS NULL
      OR ("liquidation_bonus" <> 'NaN' AND "liquidation_bonus" >= 1 AND "liquidation_bonus" < 2)),
  ADD CONSTRAINT "instrument_loan_to_value_check"
    CHECK ("loan_to_value" IS NULL
      OR ("loan_to_value" <> 'NaN' AND "loan_to_value" >= 0 AND "loan_to_value" <= 1)),
  ADD CONSTRAINT "instrument_ltv_below_threshold_check"
    CHECK ("loan_to_value" IS NULL OR "liquidation_threshold" IS NULL
      OR "loan_to_value" <= "liquidation_threshold"),
  ADD CONSTRAINT "instrument_close_factor_check"
    CHECK ("close_factor" IS NULL OR ("close_factor" <> 'NaN' AND "close_factor" > 0 AND "close_factor" <= 1)),
  -- Options carry strike, expiry and type; only options carry a type.
  ADD CONSTRAINT "instrument_option_fields_check"
    CHECK (("kind" = 'OPTION') = ("option_type" IS NOT NULL)
      AND ("kind" <> 'OPTION' OR ("strike" IS NOT NULL AND "expiry" IS NOT NULL))),
  ADD CONSTRAINT "instrument_future_expiry_check" CHECK ("kind" <> 'FUTURE' OR "expiry" IS NOT NULL),
  ADD CONSTRAINT "instrument_perpetual_expiry_check" CHECK ("kind" <> 'PERPETUAL' OR "expiry" IS NULL),
  ADD CONSTRAINT "instrument_derivative_settlement_check"
    CHECK ("kind" NOT IN ('FUTURE', 'PERPETUAL', 'OPTION') OR "settlement" IS NOT NULL),
  ADD CONSTRAINT "instrument_quanto_multiplier_check"
    CHECK ("settlement" IS DISTINCT FROM 'QUANTO' OR "multiplier" IS NOT NULL),
  ADD CONSTRAINT "instrument_leveraged_token_check"
    CHECK ("kind" <> 'LEVERAGED_TOKEN' OR "target_leverage" IS NOT NULL);

ALTER TABLE "position"
  ADD CONSTRAINT "position_quantity_check" CHECK ("quantity" <> 'NaN'),
  ADD CONSTRAINT "position_entry_price_check"
    CHECK ("entry_price" IS NULL OR ("entry_price" <> 'NaN' AND "entry_price" > 0)),
  ADD CONSTRAINT "position_isolated_margin_check"
    CHECK ("isolated_margin" IS NULL OR ("isolated_margin" <> 'NaN' AND "isolated_margin" >= 0)),
  ADD CONSTRAINT "position_leverage_check"
    CHECK ("leverage" IS NULL OR ("leverage" <> 'NaN' AND "leverage" > 0 AND "leverage" <= 1000)),
  ADD CONSTRAINT "position_stop_price_check"
    CHECK ("stop_price" IS NULL OR ("stop_price" <> 'NaN' AND "stop_price" > 0));

-- Balances may be negative (a borrowed margin balance); only NaN is rejected.
ALTER TABLE "balance"
  ADD CONSTRAINT "balance_quantity_check" CHECK ("quantity" <> 'NaN');

ALTER TABLE "lending_position"
  ADD CONSTRAINT "lending_position_quantity_check" CHECK ("quantity" <> 'NaN' AND "quantity" >= 0);

ALTER TABLE "market_snapshot"
  ADD CONSTRAINT "market_snapshot_rate_check" CHECK ("rate" <> 'NaN' AND "rate" > -1 AND "rate" < 1);

-- Every quote is a positive price or volatility; a VOL quote is at most 10 (1000 %).
ALTER TABLE "market_quote"
  ADD CONSTRAINT "market_quote_value_check"
    CHECK ("value" <> 'NaN' AND "value" > 0 AND ("kind" <> 'VOL' OR "value" <= 10)),
  ADD CONSTRAINT "market_quote_strike_check"
    CHECK ("strike" IS NULL OR ("strike" <> 'NaN' AND "strike" > 0 AND "kind" = 'VOL')),
  ADD CONSTRAINT "market_quote_forward_expiry_check" CHECK ("kind" <> 'FORWARD' OR "expiry" IS NOT NULL);

ALTER TABLE "price_history"
  ADD CONSTRAINT "price_history_close_check" CHECK ("close" <> 'NaN' AND "close" > 0);

-- warn_at is the fraction of the threshold at which a WARNING alert opens (0.8 = 80 %).
ALTER TABLE "risk_limit"
  ADD CONSTRAINT "risk_limit_threshold_check"
    CHECK ("threshold" <> 'NaN'
      AND ("kind" NOT IN ('GROSS_NOTIONAL', 'VAR', 'LEVERAGE', 'LIQUIDATION_DISTANCE') OR "threshold" >= 0)
      AND ("kind" <> 'STOP_LEVEL' OR "threshold" > 0)),
  ADD CONSTRAINT "risk_limit_warn_at_check"
    CHECK ("warn_at" IS NULL OR ("warn_at" <> 'NaN' AND "warn_at" > 0 AND "warn_at" <= 1));

ALTER TABLE "alert"
  ADD CONSTRAINT "alert_value_check" CHECK ("value" <> 'NaN'),
  ADD CONSTRAINT "alert_threshold_check" CHECK ("threshold" <> 'NaN');

ALTER TABLE "risk_run"
  ADD CONSTRAINT "risk_run_progress_check" CHECK ("progress" <> 'NaN' AND "progress" >= 0 AND "progress" <= 1),
  ADD CONSTRAINT "risk_run_chunks_check"
    CHECK ("chunks_total" >= 0 AND "chunks_done" >= 0 AND "chunks_done" <= "chunks_total"),
  ADD CONSTRAINT "risk_run_attempts_check" CHECK ("attempts" >= 0);

ALTER TABLE "risk_run_chunk"
  ADD CONSTRAINT "risk_run_chunk_chunk_index_check" CHECK ("chunk_index" >= 0);

-- Exactly one of: an interval of at least 60 s, or a cron pattern.
ALTER TABLE "schedule"
  ADD CONSTRAINT "schedule_every_seconds_xor_cron_check"
    CHECK (("every_seconds" IS NOT NULL AND "every_seconds" >= 60 AND "cron" IS NULL)
      OR ("every_seconds" IS NULL AND "cron" IS NOT NULL AND btrim("cron") <> ''));

-- (b) Unique indexes Prisma cannot express ----------------------------------------------------------

-- schema.prisma declares these two as @@unique (so Prisma's differ knows them); they are rebuilt
-- here with NULLS NOT DISTINCT so that global rows (fund_id NULL) are unique too.
DROP INDEX "instrument_venue_symbol_fund_id_key";
CREATE UNIQUE INDEX "instrument_venue_symbol_fund_id_key"
  ON "instrument" ("venue", "symbol", "fund_id") NULLS NOT DISTINCT;

DROP INDEX "price_history_fund_id_token_date_key";
CREATE UNIQUE INDEX "price_history_fund_id_token_date_key"
  ON "price_history" ("fund_id", "token", "date") NULLS NOT DISTINCT;

-- At most one alert that is not cleared per (limit, subject).
CREATE UNIQUE INDEX "alert_limit_id_subject_open_key"
  ON "alert" ("limit_id", "subject") WHERE "status" <> 'CLEARED';

-- (c) Same-fund references ---------------------------------------------------------------------------
-- Foreign keys to tables with global rows (instrument, market_snapshot) reference `id` alone, so a
-- constraint trigger checks that the referenced row is global or belongs to the same fund. Like a
-- foreign key it runs after the row is written (after the RLS checks) and before the statement ends;
-- it runs as the caller, under row-level security, and applies to the owner role too.
CREATE FUNCTION "dte_assert_fund_reference"() RETURNS trigger
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
  ref_table text := TG_ARGV[0];
  ref_column text := TG_ARGV[1];
  same_fund_only boolean := TG_ARGV[2] = 'same';
  ref_id uuid := (to_jsonb(NEW) ->> ref_column)::uuid;
  row_fund uuid := NEW.fund_id;
  ok boolean;
BEGIN
  IF ref_id IS NULL THEN
    RETURN NEW;
  END IF;
  EXECUTE format(
    'SELECT EXISTS (SELECT 1 FROM %I r WHERE r.id = $1 AND (r.fund_id IS NOT DISTINCT FROM $2 OR (NOT $3 AND r.fund_id IS NULL)))',
    ref_table)
    INTO ok USING ref_id, row_fund, same_fund_only;
  IF NOT ok THEN
    RAISE EXCEPTION USING
      ERRCODE = 'foreign_key_violation',
      MESSAGE = format('%s.%s = %s: the referenced %s row must belong to the same fund%s', TG_TABLE_NAME,
        ref_column, ref_id, ref_table, CASE WHEN same_fund_only THEN '' ELSE ' or be global' END),
      HINT = format('the %s row has fund_id %s', TG_TABLE_NAME, coalesce(row_fund::text, 'NULL (global)'));
  END IF;
  RETURN NEW;
END
$$;

CREATE CONSTRAINT TRIGGER "position_instrument_fund_check"
  AFTER INSERT OR UPDATE OF "instrument_id", "fund_id" ON "position"
  FOR EACH ROW EXECUTE FUNCTION "dte_assert_fund_reference"('instrument', 'instrument_id', 'same_or_global');
CREATE CONSTRAINT TRIGGER "lending_position_instrument_fund_check"
  AFTER INSERT OR UPDATE OF "instrument_id", "fund_id" ON "lending_position"
  FOR EACH ROW EXECUTE FUNCTION "dte_assert_fund_reference"('instrument', 'instrument_id', 'same_or_global');
CREATE CONSTRAINT TRIGGER "market_quote_instrument_fund_check"
  AFTER INSERT OR UPDATE OF "instrument_id", "fund_id" ON "market_quote"
  FOR EACH ROW EXECUTE FUNCTION "dte_assert_fund_reference"('instrument', 'instrument_id', 'same_or_global');
CREATE CONSTRAINT TRIGGER "market_quote_snapshot_fund_check"
  AFTER INSERT OR UPDATE OF "snapshot_id", "fund_id" ON "market_quote"
  FOR EACH ROW EXECUTE FUNCTION "dte_assert_fund_reference"('market_snapshot', 'snapshot_id', 'same');
CREATE CONSTRAINT TRIGGER "risk_snapshot_market_snapshot_fund_check"
  AFTER INSERT OR UPDATE OF "market_snapshot_id", "fund_id" ON "risk_snapshot"
  FOR EACH ROW EXECUTE FUNCTION "dte_assert_fund_reference"('market_snapshot', 'market_snapshot_id', 'same_or_global');

-- (d) Row-level security -----------------------------------------------------------------------------
-- The tenant is set per transaction by withTenant(): set_config('app.fund_id', <uuid>, true) and
-- set_config('app.user_id', <uuid or ''>, true). Unset or '' reads as NULL: no fund rows, no error.
-- FORCE applies the policies to the tables' owner too; only superusers and BYPASSRLS roles (the
-- migrator/seed) skip them. app_user and session hold no fund data and have no RLS.

CREATE FUNCTION "dte_current_fund_id"() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT nullif(pg_catalog.current_setting('app.fund_id', true), '')::uuid $$;

CREATE FUNCTION "dte_current_user_id"() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT nullif(pg_catalog.current_setting('app.user_id', true), '')::uuid $$;

-- Tables whose rows all belong to one fund: one policy for every command. USING filters the rows a
-- command can see or touch; WITH CHECK stops inserts into, and updates towards, another fund.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['api_key', 'account', 'position', 'balance', 'lending_position', 'risk_limit',
    'alert', 'risk_run', 'risk_run_chunk', 'risk_snapshot', 'schedule']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY "fund_isolation" ON %I USING ("fund_id" = dte_current_fund_id()) '
      'WITH CHECK ("fund_id" = dte_current_fund_id())', t);
  END LOOP;
END
$$;

-- Tables with shared global rows (fund_id NULL, written by the owner role): a fund reads the global
-- rows and its own, and writes only its own. Without a fund, nothing is visible.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['instrument', 'market_snapshot', 'market_quote', 'price_history']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY "read_own_and_global" ON %I FOR SELECT USING (dte_current_fund_id() IS NOT NULL '
      'AND ("fund_id" IS NULL OR "fund_id" = dte_current_fund_id()))', t);
    EXECUTE format('CREATE POLICY "insert_own" ON %I FOR INSERT WITH CHECK ("fund_id" = dte_current_fund_id())', t);
    EXECUTE format('CREATE POLICY "update_own" ON %I FOR UPDATE USING ("fund_id" = dte_current_fund_id()) '
      'WITH CHECK ("fund_id" = dte_current_fund_id())', t);
    EXECUTE format('CREATE POLICY "delete_own" ON %I FOR DELETE USING ("fund_id" = dte_current_fund_id())', t);
  END LOOP;
END
$$;

-- membership: the fund sees its members; a user sees their own memberships in every fund (fund
-- switcher, via withUser); only the current fund's memberships can be written.
ALTER TABLE "membership" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "membership" FORCE ROW LEVEL SECURITY;
CREATE POLICY "read_fund_or_own" ON "membership" FOR SELECT
  USING ("fund_id" = dte_current_fund_id() OR "user_id" = dte_current_user_id());
CREATE POLICY "insert_fund" ON "membership" FOR INSERT WITH CHECK ("fund_id" = dte_current_fund_id());
CREATE POLICY "update_fund" ON "membership" FOR UPDATE
  USING ("fund_id" = dte_current_fund_id()) WITH CHECK ("fund_id" = dte_current_fund_id());
CREATE POLICY "delete_fund" ON "membership" FOR DELETE USING ("fund_id" = dte_current_fund_id());

-- fund: readable as the current fund or by its members; writable only as the current fund (to
-- create a fund, set app.fund_id to the new fund's id first).
ALTER TABLE "fund" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "fund" FORCE ROW LEVEL SECURITY;
CREATE POLICY "read_current_or_member" ON "fund" FOR SELECT
  USING ("id" = dte_current_fund_id()
    OR EXISTS (SELECT 1 FROM "membership" m WHERE m."fund_id" = "fund"."id" AND m."user_id" = dte_current_user_id()));
CREATE POLICY "insert_current" ON "fund" FOR INSERT WITH CHECK ("id" = dte_current_fund_id());
CREATE POLICY "update_current" ON "fund" FOR UPDATE
  USING ("id" = dte_current_fund_id()) WITH CHECK ("id" = dte_current_fund_id());
CREATE POLICY "delete_current" ON "fund" FOR DELETE USING ("id" = dte_current_fund_id());

-- audit_log: append-only (the application role also lacks UPDATE/DELETE). A fund reads its own
-- entries; user-level entries (fund_id NULL, e.g. logins) are readable by that user, so that
-- INSERT ... RETURNING works for them; anyone may append a user-level entry.
ALTER TABLE "audit_log" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_log" FORCE ROW LEVEL SECURITY;
CREATE POLICY "read_fund_or_own_user_level" ON "audit_log" FOR SELECT
  USING ("fund_id" = dte_current_fund_id() OR ("fund_id" IS NULL AND "user_id" = dte_current_user_id()));
CREATE POLICY "append_fund_or_user_level" ON "audit_log" FOR INSERT
  WITH CHECK ("fund_id" = dte_current_fund_id() OR "fund_id" IS NULL);

-- (e) SECURITY DEFINER functions for work that has no fund yet ---------------------------------------
-- They run as their owner (the migrator, which bypasses RLS) with a fixed search_path; EXECUTE is
-- revoked from PUBLIC and granted to the application role by `pnpm db:migrate`.

-- API-key authentication: find a key by the SHA-256 (hex) of its secret, before the fund is known.
CREATE FUNCTION "dte_api_key_lookup"(key_hash text)
RETURNS TABLE (id uuid, fund_id uuid, scope "ApiKeyScope", expires_at timestamptz, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT k."id", k."fund_id", k."scope", k."expires_at", k."revoked_at"
  FROM public."api_key" k
  WHERE k."key_hash" = $1::char(64)
$$;
REVOKE ALL ON FUNCTION "dte_api_key_lookup"(text) FROM PUBLIC;

-- The worker's scheduler: every fund id, to register per-fund schedules.
CREATE FUNCTION "dte_fund_ids"() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$ SELECT f."id" FROM public."fund" f ORDER BY f."id" $$;
REVOKE ALL ON FUNCTION "dte_fund_ids"() FROM PUBLIC;
