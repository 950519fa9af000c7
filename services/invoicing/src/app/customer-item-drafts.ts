import type { DocumentType } from '../domain/types.js';

/** A line of a document as proposing customer-item drafts needs it: computed, stored or amended alike. */
export interface DraftSourceLine {
  lineNumber: number;
  productId: string;
  /** A decimal.js or Prisma Decimal; only its plain text travels. */
  quantity: { toFixed(): string };
  serialNumbers: readonly string[];
  description: string;
  createsCustomerItem: boolean;
}

/** The document whose drafts are proposed. */
export interface DraftSourceDocument {
  companyId: string;
  invoiceId: string;
  customerId: string;
  type: DocumentType;
  lines: readonly DraftSourceLine[];
}

/** A ProposeDrafts request: only the lines whose product creates customer items; none removes every draft. */
export interface DraftProposal {
  companyId: string;
  invoiceId: string;
  customerId: string;
  lines: Array<{ lineNumber: number; productId: string; quantity: string; serialNumbers: string[]; description: string }>;
}

/** The customer-item service's ProposeDrafts (grpc/customer-item-drafts.ts). */
export interface CustomerItemDrafts {
  proposeDrafts(proposal: DraftProposal): Promise<void>;
}

/**
 * Proposes the customer-item drafts of a document whose lines were entered or changed (DESIGN
 * 4.6): one per whole unit of each line whose product creates customer items, which the
 * customer-item service keeps for review. Call it before the document or its change is
 * committed: when it fails nothing is written and the caller's retry proposes again, which is
 * harmless because ProposeDrafts is idempotent and keeps the reviews of unchanged units.
 *
 * A credit memo takes goods back, so its lines propose nothing. `previous` is the document as
 * stored before an amendment: when neither version has such a line there are no drafts to
 * propose or to remove, and the call (a round trip on every document) is skipped.
 */
export async function proposeCustomerItemDrafts(drafts: CustomerItemDrafts, document: DraftSourceDocument, previous?: DraftSourceDocument): Promise<void> {
  const lines = linesCreatingItems(document);
  if (lines.length === 0 && (previous === undefined || linesCreatingItems(previous).length === 0)) return;
  await drafts.proposeDrafts({
    companyId: document.companyId,
    invoiceId: document.invoiceId,
    customerId: document.customerId,
    lines: lines.map((line) => ({
      lineNumber: line.lineNumber,
      productId: line.productId,
      quantity: line.quantity.toFixed(),
      serialNumbers: [...line.serialNumbers],
      description: line.description,
    })),
  });
}

function linesCreatingItems(document: DraftSourceDocument): DraftSourceLine[] {
  return document.type === 'CREDIT_MEMO' ? [] : document.lines.filter((line) => line.createsCustomerItem);
}
