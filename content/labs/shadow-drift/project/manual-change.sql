-- A change made directly on the development database, outside any migration
ALTER TABLE "User" ADD COLUMN "nickname" TEXT;
