-- CreateTable
CREATE TABLE "urging" (
    "id" TEXT NOT NULL,
    "issuer_unit_id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "respond_by" DATE NOT NULL,
    "items" JSONB NOT NULL,
    "issued_by" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "urging_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "urging_issuer_unit_id_issued_at_idx" ON "urging"("issuer_unit_id", "issued_at");
