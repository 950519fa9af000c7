import { customerV1, ledgerV1, roundingModeFromWire } from '@ledgerline/contracts';
import { createGrpcClient, GrpcStatus, isServiceError } from '@ledgerline/grpc';
import { MoneyDecimal } from '@ledgerline/money';
import type { CompanyDirectory, CompanyFacts, CustomerDirectory, CustomerFacts } from '../app/ports.js';

/** Most accounts read per ListAccounts page. */
const ACCOUNTS_PAGE_SIZE = 1_000;

/**
 * Company facts from the ledger service over gRPC, read for each document and not cached: a
 * changed setting (default terms) or a new account must apply to the very next document.
 */
export function ledgerCompanyDirectory(address: string, deadlineMs: number): CompanyDirectory & { close(): void } {
  const ledger = createGrpcClient(ledgerV1.LedgerServiceClient, { address, deadlineMs });
  const load = async (companyId: string): Promise<CompanyFacts | undefined> => {
    let company: ledgerV1.Company | undefined;
    try {
      company = (await ledger.getCompany({ companyId })).company;
    } catch (error) {
      if (isServiceError(error) && error.code === GrpcStatus.NOT_FOUND) return undefined;
      throw error;
    }
    if (company === undefined) return undefined;
    const accounts: ledgerV1.Account[] = [];
    let cursor = '';
    do {
      const page = await ledger.listAccounts({ companyId, page: { pageSize: ACCOUNTS_PAGE_SIZE, cursor } });
      accounts.push(...page.accounts);
      cursor = page.page?.nextCursor ?? '';
    } while (cursor !== '');
    return {
      taxRatesPercent: new Map(company.taxCodes.map((taxCode) => [taxCode.code, new MoneyDecimal(taxCode.ratePercent)])),
      roundingMode: roundingModeFromWire(company.settings?.roundingMode ?? ledgerV1.RoundingMode.ROUNDING_MODE_UNSPECIFIED),
      postableAccounts: new Set(accounts.filter((account) => !account.control).map((account) => account.account)),
      creditTermsNetDays: new Map(company.creditTerms.map((terms) => [terms.creditTermsId, terms.netDays])),
      defaultCreditTermsId: company.settings?.defaultCreditTermsId ?? '',
      periods: company.periods.map((period) => ({ period: period.period, startDate: period.startDate, endDate: period.endDate })),
    };
  };
  return {
    company: load,
    close: () => ledger.close(),
  };
}

/**
 * Customers from the customer service over gRPC; not cached, a document needs the current
 * customer. Only the master data is read: the running figures would cost the customer service
 * three statements (and a fiscal calendar) per document for nothing invoicing uses.
 */
export function customerDirectory(address: string, deadlineMs: number): CustomerDirectory & { close(): void } {
  const customers = createGrpcClient(customerV1.CustomerServiceClient, { address, deadlineMs });
  return {
    async customer(companyId, customerId): Promise<CustomerFacts | undefined> {
      try {
        const { customer } = await customers.getCustomer(customerV1.GetCustomerRequest.fromPartial({ companyId, customerId, masterDataOnly: true }));
        return customer === undefined ? undefined : { currency: customer.currency, creditTermsId: customer.creditTermsId };
      } catch (error) {
        if (isServiceError(error) && error.code === GrpcStatus.NOT_FOUND) return undefined;
        throw error;
      }
    },
    close: () => customers.close(),
  };
}
