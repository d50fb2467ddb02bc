-- CreateTable
CREATE TABLE IF NOT EXISTS "Post" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
-- (foreign key left out to keep the example short)
