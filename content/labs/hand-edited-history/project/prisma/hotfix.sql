-- Finish add_post by hand, with the corrected foreign key.
-- What the failed attempts left depends on how Prisma sent the file: 7.4+ committed
-- CREATE TABLE "Post" before the foreign key failed; 7.3 and earlier left nothing.
-- So the table is created only if it is missing (check its shape first when it exists).
CREATE TABLE IF NOT EXISTS "Post" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
