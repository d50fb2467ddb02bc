-- AlterEnum
ALTER TYPE "Status" ADD VALUE 'ARCHIVED';

-- Archive every draft older than the new workflow
UPDATE "Post" SET "status" = 'ARCHIVED' WHERE "status" = 'DRAFT';
