/** Most lines on one document; a 10,000-line invoice must post. */
export const DOCUMENT_LINES_MAX = 10_000;
/** Most distribution shares on one line. */
export const DISTRIBUTION_SHARES_MAX = 100;
/** Longest line description and reference. */
export const DESCRIPTION_LENGTH_MAX = 500;
/** Most serial numbers on one line. */
export const SERIAL_NUMBERS_MAX = 10_000;
/**
 * Most units of products that create customer items on one document: each unit becomes a draft
 * to review and, at posting, a customer item (the customer-item service's own limit).
 */
export const CUSTOMER_ITEM_UNITS_MAX = 10_000;
/** Decimals accepted in quantities and unit prices (amounts are rounded to the currency). */
export const QUANTITY_SCALE_MAX = 4;
/** Longest payment id, like every client-chosen record id. */
export const PAYMENT_ID_LENGTH_MAX = 64;
