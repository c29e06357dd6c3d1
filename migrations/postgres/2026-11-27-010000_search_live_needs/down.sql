CREATE INDEX needs_search ON needs USING GIN (search);
DROP INDEX needs_search_live;
