-- A directive records the kind of document it was issued as (issue 24): chỉ thị, kế hoạch, thông báo,
-- quyết định, công điện, or công văn. Every directive stored before was issued from a công văn or a
-- blank form, which names no kind: they are công văn, the default.
-- AlterTable
ALTER TABLE "directive" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'cong_van';
