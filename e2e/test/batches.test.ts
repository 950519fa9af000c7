import { DATA_SERVICES, databaseName } from '@ledgerline/local-runtime';
import { dropDatabase } from '@ledgerline/db';
import { eventually, uniqueName } from '@ledgerline/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { restClient, type RestClient } from './rest.js';
import { checkInvariants, startSystemCommand, stopSystemCommand, type StartedSystem } from './system.js';

/**
 * Issue 5 end to end: invoice batches by customer cutoff day (seed 001), fed by the real
 * InvoicePosted, PaymentRecorded and CustomerChanged events of a running system, driven only
 * through the REST API.
 */
const { postgresAdminUrl } = inject('infrastructure');

let system: StartedSystem;
let api: RestClient;
const company = uniqueName('cb').replace(/_/g, '-');
const path = (rest: string) => `/v1/companies/${company}${rest}`;

interface Batch {
  id: string;
  number: string;
  status: string;
  dummy: boolean;
  customerCount: number;
  documentCount: number;
  printCount: number;
}
interface CustomerReport {
  customerId: string;
  previousCloseDate: string | null;
  formerBalance: string;
  paymentsReceived: string;
  newDocumentsAmount: string;
  newBalance: string;
  documents: { documentId: string; amount: string; documentType: string }[];
  payments: { paymentId: string; paidDate: string; amount: string }[];
}
interface Report {
  batch: Batch;
  customers: CustomerReport[];
}

beforeAll(async () => {
  system = await startSystemCommand();
  api = restClient(system.gatewayUrl, system.apiKey);
  const created = await api.post(`/v1/companies`, { id: company, name: 'Batch Co', homeCurrency: 'EUR', reportingCurrency: 'EUR', fiscalYearStart: '2026-01-01', template: 'standard' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  // The source's example [001]: customers 1, 3 and 5 close on the 15th, 4 and 6 on the 30th.
  for (const [id, batchCutoffDay] of [['C1', 15], ['C3', 15], ['C5', 15], ['C4', 30], ['C6', 30], ['C7', undefined]] as const) {
    const customer = await api.post(path('/customers'), { id, name: `Customer ${id}`, currency: 'EUR', paymentTerms: 'STANDARD', ...(batchCutoffDay === undefined ? {} : { batchCutoffDay }) });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
  }
});

afterAll(async () => {
  if (system !== undefined) {
    await stopSystemCommand(system);
    await Promise.all(DATA_SERVICES.map((service) => dropDatabase(postgresAdminUrl, databaseName(system.databasePrefix, service))));
  }
});

/** Creates and posts a document of one 100.00 line with 20 % tax (total 120.00); waits until the batch service holds it. */
async function posted(customerId: string, invoiceDate: string, type: 'FREE_TEXT' | 'CREDIT_MEMO' | 'DEBIT_MEMO' = 'FREE_TEXT'): Promise<string> {
  const created = await api.post<{ id: string }>(path('/invoices'), {
    type,
    customerId,
    invoiceDate,
    lines: [{ description: 'Service', quantity: '1', unitPrice: '100.00', taxCode: 'STD', account: '4000' }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const post = await api.post<{ status: string }>(path(`/invoices/${created.body.id}/post?wait=true`));
  expect(post.body.status, JSON.stringify(post.body)).toBe('COMPLETE');
  await heldByBatchService(created.body.id);
  return created.body.id;
}

async function paid(customerId: string, amount: string, paidDate: string): Promise<string> {
  const payment = await api.post<{ id: string }>(path('/payments'), { customerId, amount, paidDate, reference: `REF-${paidDate}` });
  expect(payment.status, JSON.stringify(payment.body)).toBe(201);
  await heldByBatchService(payment.body.id);
  return payment.body.id;
}

async function heldByBatchService(transactionId: string): Promise<void> {
  await eventually(async () => ((await api.get(path(`/ar-transactions/${transactionId}`))).status === 200 ? true : undefined), {
    what: `${transactionId} in the batch service`,
  });
}

async function generate(body: object): Promise<{ status: number; body: Batch & { errors?: { code: string }[] } }> {
  return api.post<Batch & { errors?: { code: string }[] }>(path('/invoice-batches/generate'), { id: uniqueName('b'), ...body });
}

async function reportOf(batchId: string): Promise<Map<string, CustomerReport>> {
  const answer = await api.get<Report>(path(`/invoice-batches/${batchId}/report`));
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return new Map(answer.body.customers.map((customer) => [customer.customerId, customer]));
}

describe('invoice batches through the REST API', () => {
  let november: Batch;
  let c1Invoice: string;
  let c1Late: string;
  let c1Payment: string;

  it('generates the 15th batch with only the customers whose cutoff day is 15', async () => {
    c1Invoice = await posted('C1', '2026-11-02');
    const c3Memo = await posted('C3', '2026-11-10', 'CREDIT_MEMO');
    await posted('C4', '2026-11-05');
    c1Late = await posted('C1', '2026-11-20');
    c1Payment = await paid('C1', '50.00', '2026-11-08');

    const generated = await generate({ closeDate: '2026-11-15' });
    expect(generated.status, JSON.stringify(generated.body)).toBe(201);
    november = generated.body;
    expect(november).toMatchObject({ number: 'B-000001', status: 'OPEN', customerCount: 2, documentCount: 2 });
    const customers = await reportOf(november.id);
    expect([...customers.keys()]).toEqual(['C1', 'C3']);
    expect(customers.get('C1')).toMatchObject({ formerBalance: '0.00', paymentsReceived: '50.00', newDocumentsAmount: '120.00', newBalance: '70.00' });
    expect(customers.get('C1')?.documents.map((document) => document.documentId)).toEqual([c1Invoice]);
    expect(customers.get('C3')?.documents).toEqual([expect.objectContaining({ documentId: c3Memo, documentType: 'CREDIT_MEMO', amount: '-120.00' })]);
    expect((await generate({ closeDate: '2026-11-15' })).body.errors?.map((error) => error.code)).toEqual(['NOTHING_TO_BATCH']);
  });

  it('renders the report as a PDF and, once printed, refuses every change with 409', async () => {
    const pdf = await api.bytes(path(`/invoice-batches/${november.id}/report.pdf`));
    expect(pdf.status).toBe(200);
    expect(pdf.contentType).toBe('application/pdf');
    expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');

    const printed = await api.post<Batch>(path(`/invoice-batches/${november.id}/print`));
    expect(printed.body).toMatchObject({ status: 'PRINTED', printCount: 1 });
    const addLate = await api.post(path(`/invoice-batches/${november.id}/documents`), { documentIds: [c1Late] });
    expect(addLate.status).toBe(409);
    expect(addLate.contentType).toContain('application/problem+json');
    expect((await api.delete(path(`/invoice-batches/${november.id}`))).status).toBe(409);
    expect((await api.delete(path(`/invoice-batches/${november.id}/documents/${c1Invoice}`))).status).toBe(409);
    expect((await api.patch(path(`/invoice-batches/${november.id}`), { closeDate: '2026-11-16' })).status).toBe(409);
  });

  it('recomputes a reprint from a corrected paid date, keeping the correction in the audit trail', async () => {
    const corrected = await api.post<{ paidDate: string; corrections: { from: string; to: string; correctedBy: string }[] }>(
      path(`/ar-transactions/${c1Payment}/date-corrections`),
      { paidDate: '2026-11-20', reason: 'bank statement date' },
    );
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(corrected.body.paidDate).toBe('2026-11-20');
    expect(corrected.body.corrections).toEqual([expect.objectContaining({ from: '2026-11-08', to: '2026-11-20' })]);
    expect((await reportOf(november.id)).get('C1')).toMatchObject({ paymentsReceived: '0.00', newBalance: '120.00' });

    const december = await generate({ closeDate: '2026-12-15' });
    expect(december.status, JSON.stringify(december.body)).toBe(201);
    expect((await reportOf(december.body.id)).get('C1')).toMatchObject({
      previousCloseDate: '2026-11-15',
      formerBalance: '120.00',
      paymentsReceived: '50.00',
      newDocumentsAmount: '120.00',
      newBalance: '190.00',
    });
  });

  it('lets a manual batch gather, release and delete documents before printing', async () => {
    const extra = await posted('C5', '2026-12-01');
    const batchId = uniqueName('manual');
    const created = await api.post<Batch>(path('/invoice-batches'), { id: batchId, closeDate: '2026-12-31' });
    expect(created.status).toBe(201);
    expect((await api.post<Batch>(path(`/invoice-batches/${batchId}/documents`), { documentIds: [extra] })).body).toMatchObject({ customerCount: 1, documentCount: 1 });
    expect((await api.delete<Batch>(path(`/invoice-batches/${batchId}/documents/${extra}`))).body).toMatchObject({ documentCount: 0 });
    expect((await api.post<Batch>(path(`/invoice-batches/${batchId}/customers`), { customerIds: ['C5'] })).body).toMatchObject({ documentCount: 1 });
    const deleted = await api.delete<Batch>(path(`/invoice-batches/${batchId}`));
    expect(deleted.body.status).toBe('DELETED');
    expect((await api.get<{ batchId: string | null }>(path(`/ar-transactions/${extra}`))).body.batchId).toBeNull();
  });

  it('absorbs older documents in a dummy batch, also for a customer who joins the batch process later', async () => {
    await posted('C6', '2026-10-20');
    await posted('C7', '2026-10-01');
    const dummy = await generate({ closeDate: '2026-10-30', dummy: true });
    expect(dummy.body).toMatchObject({ dummy: true, customerCount: 1 });
    expect((await api.get<Report>(path(`/invoice-batches/${dummy.body.id}/report`))).body.customers).toEqual([]);
    expect((await api.bytes(path(`/invoice-batches/${dummy.body.id}/report.pdf`))).status).toBe(409);

    const joined = await api.patch(path('/customers/C7'), { batchCutoffDay: 30 });
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    const joinedDummy = await eventually(async () => {
      const answer = await generate({ closeDate: '2026-10-30', dummy: true, onlyCustomerIds: ['C7'] });
      return answer.status === 201 ? answer.body : undefined;
    });
    expect(joinedDummy).toMatchObject({ customerCount: 1, documentCount: 1 });
    const current = await posted('C7', '2026-11-25');
    const real = await generate({ closeDate: '2026-11-30' });
    expect(real.status, JSON.stringify(real.body)).toBe(201);
    const customers = await reportOf(real.body.id);
    expect([...customers.keys()]).toEqual(['C4', 'C7']);
    expect(customers.get('C7')?.documents.map((document) => document.documentId)).toEqual([current]);
    expect(customers.get('C7')).toMatchObject({ previousCloseDate: '2026-10-30', formerBalance: '120.00' });
  });

  it('answers unknown batches with 404 and bad input with 422 naming the field', async () => {
    expect((await api.get(path('/invoice-batches/nope'))).status).toBe(404);
    const bad = await api.post<{ errors: { path: string }[] }>(path('/invoice-batches/generate'), { id: 'x', closeDate: '2026-02-30' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((error) => error.path)).toEqual(['closeDate']);
    const numbers = await api.get<{ items: Batch[] }>(path('/invoice-batches?status=DELETED'));
    expect(numbers.body.items).toHaveLength(1);
  });

  it('keeps every invariant, batches included', () => {
    const result = checkInvariants(system);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain('invoice batch numbers are gapless');
  });
});
