-- AlterTable
ALTER TABLE "assignment" ADD COLUMN     "acknowledge_by" TIMESTAMPTZ(3),
ADD COLUMN     "closed_at" TIMESTAMPTZ(3),
ADD COLUMN     "report_by" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "assignment_event" (
    "id" BIGSERIAL NOT NULL,
    "assignment_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "data" JSONB NOT NULL,

    CONSTRAINT "assignment_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "escalation" (
    "id" TEXT NOT NULL,
    "directive_id" TEXT NOT NULL,
    "assignment_id" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "recipient_unit_id" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "seen_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" TEXT,

    CONSTRAINT "escalation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report" (
    "assignment_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "figures" JSONB NOT NULL,
    "narrative" TEXT NOT NULL,
    "final" BOOLEAN NOT NULL DEFAULT false,
    "correction_reason" TEXT,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "submitted_by" TEXT NOT NULL,
    "review" TEXT NOT NULL,
    "reviewed_at" TIMESTAMPTZ(3),
    "reviewed_by" TEXT,
    "review_reason" TEXT,

    CONSTRAINT "report_pkey" PRIMARY KEY ("assignment_id","version")
);

-- CreateIndex
CREATE UNIQUE INDEX "assignment_event_assignment_id_key_key" ON "assignment_event"("assignment_id", "key");

-- CreateIndex
CREATE INDEX "escalation_recipient_unit_id_state_idx" ON "escalation"("recipient_unit_id", "state");

-- CreateIndex
CREATE INDEX "escalation_assignment_id_idx" ON "escalation"("assignment_id");
