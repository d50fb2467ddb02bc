INSERT INTO "User" (email) VALUES ('ada@example.com'), ('grace@example.com');
