-- Report attachments (issue 25): photos, XLSX lists and PDFs a unit sends with its report, kept by
-- content in the file store, scanned for malware before anyone else may download them. Never deleted:
-- a deletion is deleted_at, audited.
-- CreateTable
CREATE TABLE "report_attachment" (
    "id" TEXT NOT NULL,
    "assignment_id" TEXT NOT NULL,
    "report_version" INTEGER,
    "unit_id" TEXT NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "signature" TEXT,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,
    "scanned_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "deleted_by" TEXT,

    CONSTRAINT "report_attachment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "report_attachment_state_check" CHECK ("state" IN ('scanning', 'clean', 'infected', 'failed')),
    CONSTRAINT "report_attachment_sha256_check" CHECK ("sha256" ~ '^[0-9a-f]{64}$')
);

-- CreateIndex
CREATE INDEX "report_attachment_assignment_id_idx" ON "report_attachment"("assignment_id");

-- CreateIndex
CREATE UNIQUE INDEX "report_attachment_uploaded_by_idempotency_key_key" ON "report_attachment"("uploaded_by", "idempotency_key");
