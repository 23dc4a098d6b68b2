-- AlterTable
ALTER TABLE "unit" ADD COLUMN     "code" TEXT;

-- CreateIndex
CREATE INDEX "unit_code_idx" ON "unit"("code");
