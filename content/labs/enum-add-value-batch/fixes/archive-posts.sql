-- Uses the value added by the previous migration, which has committed by now
UPDATE "Post" SET "status" = 'ARCHIVED' WHERE "status" = 'DRAFT';
