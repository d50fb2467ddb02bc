-- Undo what the failed add_post attempt committed.
-- Prisma 7.4+ sent add_post statement by statement: CREATE TABLE "Post" committed before the
-- foreign key failed, so the table is here. Prisma 7.3 and earlier sent the file as one batch and
-- nothing stayed; IF EXISTS makes this revert right in both cases.
DROP TABLE IF EXISTS "Post";
