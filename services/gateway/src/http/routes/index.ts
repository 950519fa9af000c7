import type { Route } from '../route.js';
import { batchRoutes } from './batches.js';
import { companyRoutes } from './companies.js';
import { customerItemRoutes } from './customer-items.js';
import { customerRoutes } from './customers.js';
import { invoiceRoutes } from './invoices.js';
import { ledgerRoutes } from './ledger.js';
import { postingRunRoutes } from './posting-runs.js';

/** Every REST route the gateway serves; the router and the OpenAPI document are built from it. */
export const ROUTES: readonly Route[] = [...companyRoutes, ...customerRoutes, ...invoiceRoutes, ...ledgerRoutes, ...batchRoutes, ...postingRunRoutes, ...customerItemRoutes];
