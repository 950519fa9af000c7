import { customerItemV1 } from '@ledgerline/contracts';
import { customerItemToJson, draftStatusesToProto, draftToJson, reviewDecisionToProto } from '../../api/customer-item-mapping.js';
import { draftPath, listCustomerItemsQuery, listDraftsQuery, reviewDraftBody } from '../../api/customer-item-requests.js';
import { nextCursor, pageRequest } from '../../api/mapping.js';
import { companyPath, emptyQuery } from '../../api/requests.js';
import { resultOrThrow } from '../rejections.js';
import { defineRoute, type Route } from '../route.js';

const TAG = 'Customer items';

export const customerItemRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/customer-item-drafts',
    operationId: 'listCustomerItemDrafts',
    tag: TAG,
    summary: 'Customer-item drafts, by invoice id, line number and unit.',
    description:
      'A draft is proposed for each unit of a document line whose product creates customer items when the line is entered; it carries the unit\'s serial number. PENDING_REVIEW drafts block posting while the company setting requireCustomerItemConfirmation is on (CUSTOMER_ITEM_REVIEW_REQUIRED). Every draft not EXCLUDED becomes a customer item when its document posts, and is then CONVERTED. Filter by ?invoiceId=, ?customerId= and ?status= (repeated or comma-separated).',
    access: 'read',
    params: companyPath,
    query: listDraftsQuery,
    responses: { 200: { description: 'The drafts.', schema: 'CustomerItemDraftList' } },
    problems: [],
    async handle({ params, query, clients }) {
      const response = await clients.customerItem.listDrafts(
        customerItemV1.ListDraftsRequest.fromPartial({
          companyId: params.company,
          invoiceId: query.invoiceId ?? '',
          customerId: query.customerId ?? '',
          statuses: draftStatusesToProto(query.status),
          page: pageRequest(query),
        }),
      );
      return { status: 200, body: { items: response.drafts.map(draftToJson), nextCursor: nextCursor(response.page) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/companies/{company}/customer-item-drafts/{draftId}/review',
    operationId: 'reviewCustomerItemDraft',
    tag: TAG,
    summary: 'Review a customer-item draft: CONFIRM creates the customer item at posting, EXCLUDE creates none for this unit.',
    description:
      'The caller (the API key\'s name) is recorded as the reviewer; a description corrects the customer item\'s text. Reviewing again replaces the decision until the document is posted; after that the draft answers 409 INVALID_STATE. An unknown draft answers 404.',
    access: 'write',
    idempotency: 'natural',
    params: draftPath,
    query: emptyQuery,
    body: reviewDraftBody,
    responses: { 200: { description: 'The draft after the review.', schema: 'CustomerItemDraft' } },
    problems: [404, 409],
    async handle({ params, body, principal, clients, writeOptions }) {
      const response = await clients.customerItem.reviewDraft({
        companyId: params.company,
        draftId: params.draftId,
        decision: reviewDecisionToProto(body.decision),
        reviewedBy: principal.name,
        description: body.description ?? '',
      }, writeOptions);
      return { status: 200, body: draftToJson(resultOrThrow(response.result, 'ReviewDraft')) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/companies/{company}/customer-items',
    operationId: 'listCustomerItems',
    tag: TAG,
    summary: 'Customer items: one per unit sold of a product that creates customer items, newest posted document first.',
    description: 'Created exactly once when a document posts. Filter by ?customerId=, ?invoiceId= and ?productId=.',
    access: 'read',
    params: companyPath,
    query: listCustomerItemsQuery,
    responses: { 200: { description: 'The customer items.', schema: 'CustomerItemList' } },
    problems: [],
    async handle({ params, query, clients }) {
      const response = await clients.customerItem.listCustomerItems(
        customerItemV1.ListCustomerItemsRequest.fromPartial({
          companyId: params.company,
          customerId: query.customerId ?? '',
          invoiceId: query.invoiceId ?? '',
          productId: query.productId ?? '',
          page: pageRequest(query),
        }),
      );
      return { status: 200, body: { items: response.items.map(customerItemToJson), nextCursor: nextCursor(response.page) } };
    },
  }),
];
