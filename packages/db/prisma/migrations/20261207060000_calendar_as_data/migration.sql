-- CreateTable
CREATE TABLE "calendar_year" (
    "year" INTEGER NOT NULL,
    "days_off" TEXT[],
    "working_weekends" TEXT[],
    "document_number" TEXT,
    "document_date" TEXT,
    "document_issuer" TEXT,
    "note" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calendar_year_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "fixed_holiday" (
    "month_day" TEXT NOT NULL,
    "from_year" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fixed_holiday_pkey" PRIMARY KEY ("month_day","from_year")
);

-- Written by hand (the drift check ignores CHECK constraints): the system administrator
-- (system_admin) keeps what the installation shares, the calendar first.
ALTER TABLE "user_role" DROP CONSTRAINT "user_role_role_check";
ALTER TABLE "user_role" ADD CONSTRAINT "user_role_role_check"
    CHECK ("role" IN ('chair', 'vice_chair', 'officer', 'province_leader', 'coordinator', 'system_admin'));
