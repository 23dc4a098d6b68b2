-- AlterTable
ALTER TABLE "sign_in_attempt" ALTER COLUMN "succeeded" DROP NOT NULL;
