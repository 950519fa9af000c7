/**
 * The tables the outbox relay and the idempotent consumer need. Each service copies these
 * statements into its own Prisma migrations (its migrations stay inside the service); the
 * service's migration test checks the copy still matches.
 */
export const OUTBOX_EVENT_DDL = `CREATE TABLE "outbox_event" (
    "id" BIGSERIAL NOT NULL,
    "event_id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "message_key" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" BYTEA NOT NULL,
    "headers" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "outbox_event_event_id_key" ON "outbox_event"("event_id");`;

export const PROCESSED_EVENT_DDL = `CREATE TABLE "processed_event" (
    "consumer_group" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "processed_event_pkey" PRIMARY KEY ("consumer_group","event_id")
);`;
