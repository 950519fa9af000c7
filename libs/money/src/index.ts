export { MoneyError, isMoneyError, type MoneyErrorCode } from './errors.js';
export { MONEY_PRECISION, MoneyDecimal, money, normalizeZero, toMoneyDecimal } from './decimal.js';
export { CURRENCY_CODES, isCurrencyCode, minorUnits, type CurrencyCode } from './currency.js';
export {
  AMOUNT_PRECISION,
  MAX_AMOUNT_SCALE,
  MAX_AMOUNT_TEXT_LENGTH,
  MAX_INTEGER_DIGITS,
  formatAmount,
  parseAmount,
  type ParseAmountOptions,
  type ParseFailureReason,
  type ParseResult,
} from './amount.js';
export {
  DEFAULT_ROUNDING_MODE,
  ROUNDING_MODES,
  assertFitsCurrency,
  fitsCurrency,
  isRoundingMode,
  roundToCurrency,
  roundToScale,
  type RoundingMode,
} from './rounding.js';
export { allocateByPercents, allocateByWeights } from './allocation.js';
export { convert, convertByReverseRate, sum } from './arithmetic.js';
