-- Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d), as
-- POSTGRES_USER. Each data service owns one database; its own migrations create the tables.
CREATE DATABASE ledgerline_ledger;
CREATE DATABASE ledgerline_invoicing;
CREATE DATABASE ledgerline_posting;
CREATE DATABASE ledgerline_customer;
CREATE DATABASE ledgerline_customer_item;
CREATE DATABASE ledgerline_batch;
