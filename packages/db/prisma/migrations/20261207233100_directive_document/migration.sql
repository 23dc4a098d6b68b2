-- The full text and the original file of a directive (issue 25), shown to every unit it reaches.
-- The full text leaves the body (JSON read with every directive) for a column of its own, read only
-- where it is shown, and the bytes of the original file are in the file store (@chidao/files), by SHA-256.
-- AlterTable
ALTER TABLE "directive" ADD COLUMN     "full_text" TEXT;
UPDATE "directive" SET "full_text" = "body"->>'sourceText', "body" = "body" - 'sourceText' WHERE "body"->>'sourceText' IS NOT NULL;

-- CreateTable
CREATE TABLE "directive_original" (
    "directive_id" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "attached_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "directive_original_pkey" PRIMARY KEY ("directive_id")
);

-- AddForeignKey
ALTER TABLE "directive_original" ADD CONSTRAINT "directive_original_directive_id_fkey" FOREIGN KEY ("directive_id") REFERENCES "directive"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
