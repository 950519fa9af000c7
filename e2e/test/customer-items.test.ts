import { DATA_SERVICES, databaseName } from '@ledgerline/local-runtime';
import { dropDatabase } from '@ledgerline/db';
import { eventually, uniqueName } from '@ledgerline/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { restClient, type RestClient } from './rest.js';
import { startSystemCommand, stopSystemCommand, type StartedSystem } from './system.js';

/**
 * Customer items end to end (DESIGN 4.6, seed 000): drafts proposed when a line of a product that
 * creates customer items is entered, reviewed, and turned into customer items by the real
 * InvoicePosted of a running system, driven only through the REST API. That a repeated
 * InvoicePosted creates nothing more cannot be observed here; the customer-item service's own
 * tests cover it.
 */
const { postgresAdminUrl } = inject('infrastructure');

let system: StartedSystem;
let api: RestClient;
const company = uniqueName('ci').replace(/_/g, '-');
const path = (rest: string) => `/v1/companies/${company}${rest}`;

interface Draft {
  id: string;
  invoiceId: string;
  lineNumber: number;
  unit: number;
  customerId: string;
  productId: string;
  serialNumber: string | null;
  description: string;
  status: string;
  reviewedBy: string | null;
}
interface CustomerItem {
  id: string;
  customerId: string;
  productId: string;
  serialNumber: string | null;
  description: string;
  invoiceId: string;
  invoiceNumber: string;
  lineNumber: number;
  invoiceDate: string;
}
interface List<Item> {
  items: Item[];
  nextCursor: string | null;
}

beforeAll(async () => {
  system = await startSystemCommand();
  api = restClient(system.gatewayUrl, system.apiKey);
  const created = await api.post(`/v1/companies`, { id: company, name: 'Pumps Co', homeCurrency: 'EUR', reportingCurrency: 'EUR', fiscalYearStart: '2026-01-01', template: 'standard' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  for (const product of [
    { id: 'PUMP', name: 'Heat pump', revenueAccount: '4000', serialized: true, createsCustomerItem: true },
    { id: 'OIL', name: 'Oil', revenueAccount: '4000', serialized: false, createsCustomerItem: false },
  ]) {
    const answer = await api.post(path('/products'), product);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  }
  for (const id of ['C1', 'C2']) {
    const customer = await api.post(path('/customers'), { id, name: `Customer ${id}`, currency: 'EUR', paymentTerms: 'STANDARD' });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
  }
});

afterAll(async () => {
  if (system !== undefined) {
    await stopSystemCommand(system);
    await Promise.all(DATA_SERVICES.map((service) => dropDatabase(postgresAdminUrl, databaseName(system.databasePrefix, service))));
  }
});

const oilLine = { description: 'Oil', quantity: '2.5', unitPrice: '10.00', productId: 'OIL', taxCode: 'STD' };
const pumpLine = (quantity: string, serialNumbers: string[]) => ({ description: 'Heat pump', quantity, unitPrice: '900.00', productId: 'PUMP', taxCode: 'STD', serialNumbers });

async function createInvoice(customerId: string, lines: object[]): Promise<string> {
  const created = await api.post<{ id: string }>(path('/invoices'), { type: 'SALES_ORDER', customerId, invoiceDate: '2026-11-02', lines });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

async function draftsOf(invoiceId: string): Promise<Draft[]> {
  const answer = await api.get<List<Draft>>(path(`/customer-item-drafts?invoiceId=${invoiceId}`));
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.items;
}

async function postAndWait(invoiceId: string): Promise<string> {
  const posted = await api.post<{ status: string; number: string }>(path(`/invoices/${invoiceId}/post?wait=true`));
  expect(posted.body.status, JSON.stringify(posted.body)).toBe('COMPLETE');
  return posted.body.number;
}

async function customerItems(query: string, count: number): Promise<CustomerItem[]> {
  return eventually(
    async () => {
      const answer = await api.get<List<CustomerItem>>(path(`/customer-items?${query}`));
      return answer.status === 200 && answer.body.items.length === count ? answer.body.items : undefined;
    },
    { what: `${count} customer items for ${query}` },
  );
}

describe('customer items through the REST API', () => {
  let reviewed: string;
  let reviewedNumber: string;

  it('proposes one draft per unit, with its serial number, when the line is entered', async () => {
    reviewed = await createInvoice('C1', [oilLine, pumpLine('3', ['SN-1', 'SN-2', 'SN-3'])]);
    const drafts = await draftsOf(reviewed);
    expect(drafts.map((draft) => [draft.lineNumber, draft.unit, draft.productId, draft.serialNumber, draft.status])).toEqual([
      [2, 1, 'PUMP', 'SN-1', 'PENDING_REVIEW'],
      [2, 2, 'PUMP', 'SN-2', 'PENDING_REVIEW'],
      [2, 3, 'PUMP', 'SN-3', 'PENDING_REVIEW'],
    ]);
    expect(drafts[0]).toMatchObject({ customerId: 'C1', description: 'Heat pump', reviewedBy: null });
    const pending = await api.get<List<Draft>>(path('/customer-item-drafts?customerId=C1&status=PENDING_REVIEW'));
    expect(pending.body.items.map((draft) => draft.id)).toEqual(drafts.map((draft) => draft.id));
  });

  it('records reviews: a corrected description, a confirmation, an exclusion', async () => {
    const [first, second, third] = await draftsOf(reviewed);
    const corrected = await api.post<Draft>(path(`/customer-item-drafts/${first?.id}/review`), { decision: 'CONFIRM', description: 'Heat pump, basement' });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(corrected.body).toMatchObject({ status: 'CONFIRMED', description: 'Heat pump, basement' });
    expect(corrected.body.reviewedBy).not.toBeNull();
    expect((await api.post(path(`/customer-item-drafts/${second?.id}/review`), { decision: 'CONFIRM' })).status).toBe(200);
    expect((await api.post(path(`/customer-item-drafts/${third?.id}/review`), { decision: 'EXCLUDE' })).status).toBe(200);
    expect((await api.post(path('/customer-item-drafts/00000000-0000-5000-8000-000000000000/review'), { decision: 'EXCLUDE' })).status).toBe(404);
  });

  it('creates a customer item per unit not excluded when the invoice posts, for the customer and the invoice', async () => {
    reviewedNumber = await postAndWait(reviewed);
    const items = await customerItems(`invoiceId=${reviewed}`, 2);
    expect(items.map((item) => [item.lineNumber, item.productId, item.serialNumber, item.description])).toEqual([
      [2, 'PUMP', 'SN-1', 'Heat pump, basement'],
      [2, 'PUMP', 'SN-2', 'Heat pump'],
    ]);
    expect(items[0]).toMatchObject({ customerId: 'C1', invoiceId: reviewed, invoiceNumber: reviewedNumber, invoiceDate: '2026-11-02' });
    expect((await customerItems('customerId=C1', 2)).map((item) => item.id)).toEqual(items.map((item) => item.id));
    expect((await draftsOf(reviewed)).map((draft) => draft.status)).toEqual(['CONVERTED', 'CONVERTED', 'EXCLUDED']);
  });

  it('refuses reviews once the invoice is posted', async () => {
    const [, , excluded] = await draftsOf(reviewed);
    const late = await api.post<{ errors: { code: string }[] }>(path(`/customer-item-drafts/${excluded?.id}/review`), { decision: 'CONFIRM' });
    expect([late.status, late.body.errors[0]?.code]).toEqual([409, 'INVALID_STATE']);
  });

  it('creates items from drafts nobody reviewed when the company does not require confirmation', async () => {
    const unreviewed = await createInvoice('C2', [pumpLine('2', ['SN-7', 'SN-8'])]);
    await postAndWait(unreviewed);
    const items = await customerItems('customerId=C2', 2);
    expect(items.map((item) => [item.invoiceId, item.serialNumber])).toEqual([
      [unreviewed, 'SN-7'],
      [unreviewed, 'SN-8'],
    ]);
    const newestFirst = await customerItems('productId=PUMP', 4);
    expect(newestFirst.map((item) => item.invoiceId)).toEqual([unreviewed, unreviewed, reviewed, reviewed]);
  });

  it('refuses a fraction of a unit of a product that creates customer items', async () => {
    const refused = await api.post<{ errors: { path: string }[] }>(path('/invoices'), { type: 'SALES_ORDER', customerId: 'C1', invoiceDate: '2026-11-02', lines: [pumpLine('1.5', ['SN-9'])] });
    expect([refused.status, refused.body.errors.map((error) => error.path)]).toEqual([422, ['lines[0].quantity']]);
  });
});
