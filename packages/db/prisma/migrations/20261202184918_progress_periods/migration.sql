-- AlterTable
ALTER TABLE "assignment" ADD COLUMN     "progress_periods" JSONB;

-- AlterTable
ALTER TABLE "report" ADD COLUMN     "period" INTEGER;
