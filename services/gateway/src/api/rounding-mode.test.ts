import { ledgerV1 } from '@ledgerline/contracts';
import { describe, expect, it } from 'vitest';
import { companyToJson, updateSettingsRequest } from './mapping.js';
import { updateSettingsBody } from './requests.js';

describe('the rounding mode setting', () => {
  it('passes a change of it to the ledger as its wire value', () => {
    const body = updateSettingsBody.parse({ roundingMode: 'HALF_EVEN' });
    expect(updateSettingsRequest('acme', body)).toMatchObject({ companyId: 'acme', roundingMode: ledgerV1.RoundingMode.ROUNDING_MODE_HALF_EVEN });
  });

  it('leaves it unset when a change does not name it', () => {
    expect(updateSettingsRequest('acme', updateSettingsBody.parse({ roundingAccount: '8900' })).roundingMode).toBeUndefined();
  });

  it('refuses a mode it does not know, naming the field and the modes', () => {
    const parsed = updateSettingsBody.safeParse({ roundingMode: 'CEILING' });
    expect(parsed.success ? [] : parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['roundingMode', 'expected one of HALF_AWAY_FROM_ZERO, HALF_EVEN, DOWN, UP'],
    ]);
  });

  it('shows the mode of the company, and the default for a ledger that sends none', () => {
    const mode = (roundingMode: ledgerV1.RoundingMode) =>
      companyToJson(ledgerV1.Company.fromPartial({ companyId: 'acme', settings: { roundingMode } })).settings.roundingMode;
    expect(mode(ledgerV1.RoundingMode.ROUNDING_MODE_DOWN)).toBe('DOWN');
    expect(mode(ledgerV1.RoundingMode.ROUNDING_MODE_UNSPECIFIED)).toBe('HALF_AWAY_FROM_ZERO');
  });
});
