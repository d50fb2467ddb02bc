-- What the seed guide calls "clean up failed migration records"
DELETE FROM "_prisma_migrations" WHERE migration_name = '20240102000000_add_post';
