-- Word search covers live needs only (open or filled): the board never
-- shows any other, and closed needs pile up over the years.
CREATE INDEX needs_search_live ON needs USING GIN (search) WHERE status IN ('open', 'filled');
DROP INDEX needs_search;
