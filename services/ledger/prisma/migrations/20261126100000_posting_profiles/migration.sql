-- The A/R control account each customer posting group posts to (DESIGN 4.1: a customer's
-- posting group selects its A/R account). A group without a row posts to
-- company_settings.receivable_account. Rows go with their account, which goes only with its company.
CREATE TABLE "posting_profile" (
    "company_id" TEXT NOT NULL,
    "posting_group" TEXT NOT NULL,
    "receivable_account" TEXT NOT NULL,

    CONSTRAINT "posting_profile_pkey" PRIMARY KEY ("company_id","posting_group")
);

-- AddForeignKey
ALTER TABLE "posting_profile" ADD CONSTRAINT "posting_profile_company_id_receivable_account_fkey" FOREIGN KEY ("company_id", "receivable_account") REFERENCES "account"("company_id", "account") ON DELETE CASCADE ON UPDATE CASCADE;
