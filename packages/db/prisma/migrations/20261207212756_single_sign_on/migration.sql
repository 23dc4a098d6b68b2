-- CreateTable
CREATE TABLE "identity_provider" (
    "unit_id" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "client_secret_ref" TEXT,
    "password_sign_in" BOOLEAN NOT NULL DEFAULT true,
    "link_by_verified_email" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "identity_provider_pkey" PRIMARY KEY ("unit_id")
);

-- CreateTable
CREATE TABLE "oidc_link" (
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "linked_at" TIMESTAMPTZ(3) NOT NULL,
    "linked_by" TEXT,

    CONSTRAINT "oidc_link_pkey" PRIMARY KEY ("issuer","subject")
);

-- CreateTable
CREATE TABLE "oidc_sign_in" (
    "binding_hash" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "code_verifier" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "oidc_sign_in_pkey" PRIMARY KEY ("binding_hash")
);

-- CreateIndex
CREATE UNIQUE INDEX "oidc_link_user_id_issuer_key" ON "oidc_link"("user_id", "issuer");

-- CreateIndex
CREATE INDEX "oidc_sign_in_expires_at_idx" ON "oidc_sign_in"("expires_at");
