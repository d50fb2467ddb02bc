/** The tables and the migration statements the lock tests trace (issue #8's list), shared by the tests. */

/** Two tables with `rows` rows each; Post has a TOAST-able text column and a foreign-key candidate. */
export const setupWithRows = (rows: number) => `
CREATE TABLE "User" (id int PRIMARY KEY, email varchar(200) NOT NULL);
CREATE TABLE "Post" (id int PRIMARY KEY, "authorId" int, title varchar(200), views int, body text);
INSERT INTO "User" SELECT g, 'user' || g || '@example.com' FROM generate_series(1, ${rows}) g;
INSERT INTO "Post" SELECT g, g, 'Post ' || g, g % 100, repeat('x', 20) FROM generate_series(1, ${rows}) g;
ANALYZE;`;

/** The sixteen statements, one a line, so a statement's line number names it. */
export const SIXTEEN = [
  `ALTER TABLE "Post" ADD COLUMN "published" boolean NOT NULL DEFAULT false;`,
  `ALTER TABLE "Post" ADD COLUMN "token" double precision NOT NULL DEFAULT random();`,
  `CREATE INDEX "Post_title_idx" ON "Post" (title);`,
  `CREATE UNIQUE INDEX "User_email_key" ON "User" (email);`,
  `ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"(id);`,
  `ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey2" FOREIGN KEY ("authorId") REFERENCES "User"(id) NOT VALID;`,
  `ALTER TABLE "Post" ALTER COLUMN views TYPE bigint;`,
  `ALTER TABLE "Post" ALTER COLUMN title TYPE text;`,
  `ALTER TABLE "Post" ALTER COLUMN title SET NOT NULL;`,
  `ALTER TABLE "Post" RENAME COLUMN body TO content;`,
  `ALTER TABLE "Post" DROP COLUMN content;`,
  `ALTER TABLE "Post" ADD CONSTRAINT "Post_views_check" CHECK (views >= 0);`,
  `ALTER TABLE "Post" ADD CONSTRAINT "Post_views_nn" CHECK (views IS NOT NULL) NOT VALID;`,
  `ALTER TABLE "Post" ALTER COLUMN views SET DEFAULT 0;`,
  `UPDATE "Post" SET published = true;`,
  `TRUNCATE "Post";`,
].join('\n');
