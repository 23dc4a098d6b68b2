-- Settings per province (issue 23): one row per province unit with the defaults its new directives start
-- from, its quiet hours, its reading of "trước ngày" and its report regime, versioned, each change audited.
-- No row: the built-in defaults.
-- CreateTable
CREATE TABLE "province_setting" (
    "province_id" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "province_setting_pkey" PRIMARY KEY ("province_id")
);
