-- AlterTable (branch A: merged and deployed first)
ALTER TABLE "User" ADD COLUMN "nickname" TEXT;
