DROP INDEX needs_created;
