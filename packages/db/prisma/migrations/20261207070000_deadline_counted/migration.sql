-- AlterTable
ALTER TABLE "assignment" ADD COLUMN     "acknowledge_counted" TEXT,
ADD COLUMN     "report_counted" TEXT;
