-- AlterTable
ALTER TABLE "audit_entry" ADD COLUMN     "action_key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "audit_entry_action_key_key" ON "audit_entry"("action_key");
