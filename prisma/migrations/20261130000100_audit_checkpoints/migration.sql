-- Signed heads of the audit chain, kept apart from audit_log so that removing the log's tail leaves
-- evidence: a checkpoint whose row is gone. The services' role may read and add, never change or remove.
CREATE TABLE "audit_checkpoints" (
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("seq")
);

REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "audit_checkpoints" FROM "copytrade_app";
