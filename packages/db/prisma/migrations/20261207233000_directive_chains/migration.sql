-- A directive may carry out an assignment it received (issue 25, "Thực hiện Công văn số … của …"):
-- the parent directive and the unit it was given to. Directives stored before carry out none.
-- AlterTable
ALTER TABLE "directive" ADD COLUMN     "implements_directive_id" TEXT,
ADD COLUMN     "implements_unit_id" TEXT;

-- CreateIndex
CREATE INDEX "directive_implements_directive_id_implements_unit_id_idx" ON "directive"("implements_directive_id", "implements_unit_id");
