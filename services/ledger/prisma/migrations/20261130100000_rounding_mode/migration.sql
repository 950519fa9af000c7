-- A company's rounding mode (DESIGN 5): how amounts are rounded to a currency's minor unit where
-- they are computed. Existing companies keep what they had, half away from zero.
ALTER TABLE "company_settings" ADD COLUMN "rounding_mode" TEXT NOT NULL DEFAULT 'HALF_AWAY_FROM_ZERO'
  CONSTRAINT "company_settings_rounding_mode_check" CHECK ("rounding_mode" IN ('HALF_AWAY_FROM_ZERO', 'HALF_EVEN', 'DOWN', 'UP'));
