-- CreateTable
CREATE TABLE "task_adjustment" (
    "assignment_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "directive_id" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "task_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "proposal" TEXT,
    "state" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decision_note" TEXT,

    CONSTRAINT "task_adjustment_pkey" PRIMARY KEY ("assignment_id","number")
);

-- CreateIndex
CREATE INDEX "task_adjustment_directive_id_state_idx" ON "task_adjustment"("directive_id", "state");
