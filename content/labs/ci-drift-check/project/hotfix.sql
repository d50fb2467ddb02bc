-- A hotfix made on the database directly, never written as a migration
ALTER TABLE "User" ADD COLUMN "nickname" TEXT;
