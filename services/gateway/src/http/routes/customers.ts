import { customerV1 } from '@ledgerline/contracts';
import {
  createCustomerRequest,
  createProductRequest,
  customerToJson,
  nextCursor,
  openItemToJson,
  pageRequest,
  paymentToJson,
  productToJson,
  recordPaymentRequest,
  updateCustomerRequest,
} from '../../api/mapping.js';
import {
  companyPath,
  createCustomerBody,
  createProductBody,
  customerPath,
  emptyQuery,
  getCustomerQuery,
  openItemsListQuery,
  productPath,
  recordPaymentBody,
  updateCustomerBody,
} from '../../api/requests.js';
import { resultOrThrow } from '../rejections.js';
import { defineRoute, type Route } from '../route.js';

const base = (company: string) => `/v1/companies/${encodeURIComponent(company)}`;

export const customerRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/customers',
    operationId: 'createCustomer',
    tag: 'Customers',
    summary: 'Create a customer account.',
    description: 'Idempotent by id: the same body again answers the customer, another body 409.',
    access: 'write',
    idempotency: 'body-id',
    params: companyPath,
    query: emptyQuery,
    body: createCustomerBody,
    responses: { 201: { description: 'The customer.', schema: 'Customer' } },
    problems: [409],
    async handle({ params, body, clients }) {
      const response = await clients.customer.createCustomer(createCustomerRequest(params.company, body));
      const customer = resultOrThrow(response.result, 'CreateCustomer');
      return { status: 201, body: customerToJson(customer), location: `${base(params.company)}/customers/${encodeURIComponent(customer.customerId)}` };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/customers/{customerId}',
    operationId: 'getCustomer',
    tag: 'Customers',
    summary: 'One customer with posted balance, sales YTD/PTD and last invoice date (customer currency).',
    access: 'read',
    description: 'salesYtd and salesPtd are those of the fiscal year and period containing ?asOf= (default today, UTC).',
    params: customerPath,
    query: getCustomerQuery,
    responses: { 200: { description: 'The customer.', schema: 'Customer' } },
    problems: [404],
    async handle({ params, query, clients }) {
      const { customer } = await clients.customer.getCustomer(
        customerV1.GetCustomerRequest.fromPartial({ companyId: params.company, customerId: params.customerId, asOf: query.asOf ?? '' }),
      );
      if (customer === undefined) throw new Error('customer answered GetCustomer without a customer');
      return { status: 200, body: customerToJson(customer) };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/companies/{company}/customers/{customerId}',
    operationId: 'updateCustomer',
    tag: 'Customers',
    summary: "Change a customer's master data.",
    description:
      'Fields left out keep their value; null clears creditTermsId (the company default terms apply), creditLimit (no limit) and batchCutoffDay (the customer leaves the invoice batch process). The id, currency and posting group never change. Every change counts revision up by one; a body that changes nothing answers the customer as it is, so a repeat is harmless.',
    access: 'write',
    idempotency: 'natural',
    params: customerPath,
    query: emptyQuery,
    body: updateCustomerBody,
    responses: { 200: { description: 'The customer after the change.', schema: 'Customer' } },
    problems: [404],
    async handle({ params, body, clients, writeOptions }) {
      const response = await clients.customer.updateCustomer(updateCustomerRequest(params.company, params.customerId, body), writeOptions);
      return { status: 200, body: customerToJson(resultOrThrow(response.result, 'UpdateCustomer')) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/customers/{customerId}/open-items',
    operationId: 'listOpenItems',
    tag: 'Customers',
    summary: "A customer's open items, oldest due date first.",
    description: 'Cursor paging: pass nextCursor as ?cursor= for the next page.',
    access: 'read',
    params: customerPath,
    query: openItemsListQuery,
    responses: { 200: { description: 'The open items.', schema: 'OpenItemList' } },
    problems: [404],
    async handle({ params, query, clients }) {
      const response = await clients.customer.listOpenItems(
        customerV1.ListOpenItemsRequest.fromPartial({
          companyId: params.company,
          customerId: params.customerId,
          includeSettled: query.includeSettled,
          page: pageRequest(query),
        }),
      );
      return { status: 200, body: { items: response.items.map(openItemToJson), nextCursor: nextCursor(response.page) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/payments',
    operationId: 'recordPayment',
    tag: 'Customers',
    summary: 'Record a customer payment.',
    description:
      'Applied to the open items named in applications, each with its amount, else to open items oldest first; what is left stays unapplied and is applied to documents posted later. The payment id is derived from the Idempotency-Key (see the header), so a retry with the same key records nothing new.',
    access: 'write',
    idempotency: 'derived-id',
    params: companyPath,
    query: emptyQuery,
    body: recordPaymentBody,
    responses: { 201: { description: 'The payment and how it was applied.', schema: 'Payment' } },
    problems: [409],
    async handle({ params, body, clients, newRecordId }) {
      const response = await clients.customer.recordPayment(recordPaymentRequest(params.company, newRecordId, body));
      return { status: 201, body: paymentToJson(resultOrThrow(response.result, 'RecordPayment')) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/products',
    operationId: 'createProduct',
    tag: 'Products',
    summary: 'Create a product (item) that sales-order lines refer to.',
    description: 'Idempotent by id: the same body again answers the product, another body 409.',
    access: 'write',
    idempotency: 'body-id',
    params: companyPath,
    query: emptyQuery,
    body: createProductBody,
    responses: { 201: { description: 'The product.', schema: 'Product' } },
    problems: [409],
    async handle({ params, body, clients }) {
      const response = await clients.invoicing.createProduct(createProductRequest(params.company, body));
      const product = resultOrThrow(response.result, 'CreateProduct');
      return { status: 201, body: productToJson(product), location: `${base(params.company)}/products/${encodeURIComponent(product.productId)}` };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/products/{productId}',
    operationId: 'getProduct',
    tag: 'Products',
    summary: 'One product.',
    access: 'read',
    params: productPath,
    query: emptyQuery,
    responses: { 200: { description: 'The product.', schema: 'Product' } },
    problems: [404],
    async handle({ params, clients }) {
      const { product } = await clients.invoicing.getProduct({ companyId: params.company, productId: params.productId });
      if (product === undefined) throw new Error('invoicing answered GetProduct without a product');
      return { status: 200, body: productToJson(product) };
    },
  }),
];
