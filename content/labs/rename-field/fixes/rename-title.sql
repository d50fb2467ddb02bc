-- Written by hand: Prisma generated DROP COLUMN "title" + ADD COLUMN "headline", which loses every title.
ALTER TABLE "Post" RENAME COLUMN "title" TO "headline";
