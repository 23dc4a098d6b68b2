-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "deactivated_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "account_code" (
    "code_hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "sent_to" TEXT,
    "issued_by" TEXT,

    CONSTRAINT "account_code_pkey" PRIMARY KEY ("code_hash")
);

-- CreateIndex
CREATE INDEX "account_code_user_id_created_at_idx" ON "account_code"("user_id", "created_at");

-- Written by hand (the drift check ignores CHECK constraints): a province administrator
-- (province_admin) keeps the accounts of its unit's tree (issue 23).
ALTER TABLE "user_role" DROP CONSTRAINT "user_role_role_check";
ALTER TABLE "user_role" ADD CONSTRAINT "user_role_role_check"
    CHECK ("role" IN ('chair', 'vice_chair', 'officer', 'province_leader', 'coordinator', 'system_admin', 'province_admin'));
ALTER TABLE "account_code" ADD CONSTRAINT "account_code_purpose_check" CHECK ("purpose" IN ('activation', 'reset'));
