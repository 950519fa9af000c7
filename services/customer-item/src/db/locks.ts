import type { SqlExecutor } from '@ledgerline/db';

/**
 * Advisory lock class of documents. Proposals, reviews and the posting of one document take
 * its lock, so a review never lands on a document whose InvoicePosted is being applied and a
 * proposal never replaces drafts that are being converted. The two-key form of the lock keeps
 * these apart from one-key advisory locks such as the outbox relay's.
 */
const DOCUMENT_LOCK_CLASS = 4_606;

export interface DocumentKey {
  companyId: string;
  invoiceId: string;
}

/**
 * Locks documents until the transaction ends, in the order of their lock keys, so two
 * transactions locking overlapping sets cannot deadlock. Keys are hashes (the length prefix keeps
 * "ab"+"c" and "a"+"bc" apart); a rare collision only makes two documents wait for each other.
 */
export async function lockDocuments(sql: SqlExecutor, documents: readonly DocumentKey[]): Promise<void> {
  if (documents.length === 0) return;
  await sql.execute(
    `SELECT pg_advisory_xact_lock($1::int, k.key)
       FROM (SELECT DISTINCT hashtext(length(u.company_id) || ':' || u.company_id || u.invoice_id) AS key
               FROM unnest($2::text[], $3::text[]) AS u(company_id, invoice_id)) AS k
      ORDER BY k.key`,
    [DOCUMENT_LOCK_CLASS, documents.map((document) => document.companyId), documents.map((document) => document.invoiceId)],
  );
}
