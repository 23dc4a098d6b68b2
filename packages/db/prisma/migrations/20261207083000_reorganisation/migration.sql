-- CreateTable
CREATE TABLE "reorganisation" (
    "directive_id" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "succession" JSONB NOT NULL,
    "applied_by" TEXT NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reorganisation_pkey" PRIMARY KEY ("directive_id","basis")
);

-- AddForeignKey
ALTER TABLE "reorganisation" ADD CONSTRAINT "reorganisation_directive_id_fkey" FOREIGN KEY ("directive_id") REFERENCES "directive"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
