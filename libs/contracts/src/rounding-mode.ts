import { DEFAULT_ROUNDING_MODE, ROUNDING_MODES, type RoundingMode as RoundingModeName } from '@ledgerline/money';
import { RoundingMode } from './gen/ledger/v1/ledger_service.js';

const WIRE_BY_NAME: Readonly<Record<RoundingModeName, RoundingMode>> = {
  HALF_AWAY_FROM_ZERO: RoundingMode.ROUNDING_MODE_HALF_AWAY_FROM_ZERO,
  HALF_EVEN: RoundingMode.ROUNDING_MODE_HALF_EVEN,
  DOWN: RoundingMode.ROUNDING_MODE_DOWN,
  UP: RoundingMode.ROUNDING_MODE_UP,
};

/** The wire form of a company's rounding mode (ledger.v1.RoundingMode). */
export function roundingModeToWire(name: RoundingModeName): RoundingMode {
  return WIRE_BY_NAME[name];
}

/** The name of a wire rounding mode; undefined for UNSPECIFIED and for values this build does not know. */
export function roundingModeNameOf(mode: RoundingMode): RoundingModeName | undefined {
  return ROUNDING_MODES.find((candidate) => WIRE_BY_NAME[candidate] === mode);
}

/**
 * A company's rounding mode from the wire. UNSPECIFIED is what a ledger that predates the
 * setting sends, and means the default. A value this build does not know is refused: rounding
 * some other way would post other amounts than the company asked for.
 */
export function roundingModeFromWire(mode: RoundingMode): RoundingModeName {
  if (mode === RoundingMode.ROUNDING_MODE_UNSPECIFIED) return DEFAULT_ROUNDING_MODE;
  const name = roundingModeNameOf(mode);
  if (name === undefined) throw new Error(`unknown rounding mode ${String(mode)} in company settings`);
  return name;
}
