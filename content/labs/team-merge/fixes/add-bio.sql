-- AlterTable (branch B: created on Jan 2, merged after branch A was deployed)
ALTER TABLE "User" ADD COLUMN "bio" TEXT;
