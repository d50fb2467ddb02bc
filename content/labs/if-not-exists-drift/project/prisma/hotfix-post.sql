-- A hotfix applied on the database by hand, before the migration existed
CREATE TABLE "Post" ("id" SERIAL PRIMARY KEY);
