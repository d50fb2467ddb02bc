-- Refers to a table no migration creates
ALTER TABLE "Comment" ADD COLUMN "postId" INTEGER;
