import { describe, expect, it } from 'vitest';
import { RoundingMode } from './gen/ledger/v1/ledger_service.js';
import { ROUNDING_MODES } from '@ledgerline/money';
import { roundingModeFromWire, roundingModeToWire } from './rounding-mode.js';

describe('rounding modes on the wire', () => {
  it('maps every name to a distinct wire value and back', () => {
    const wire = ROUNDING_MODES.map(roundingModeToWire);
    expect(new Set(wire).size).toBe(ROUNDING_MODES.length);
    expect(wire).not.toContain(RoundingMode.ROUNDING_MODE_UNSPECIFIED);
    expect(wire.map(roundingModeFromWire)).toEqual(ROUNDING_MODES);
    expect(wire.map((value) => RoundingMode[value])).toEqual(ROUNDING_MODES.map((name) => `ROUNDING_MODE_${name}`));
  });

  it('reads an unspecified mode as the default, half away from zero', () => {
    expect(roundingModeFromWire(RoundingMode.ROUNDING_MODE_UNSPECIFIED)).toBe('HALF_AWAY_FROM_ZERO');
  });

  it('refuses a wire value it does not know', () => {
    expect(() => roundingModeFromWire(99 as RoundingMode)).toThrow('unknown rounding mode 99');
  });
});
