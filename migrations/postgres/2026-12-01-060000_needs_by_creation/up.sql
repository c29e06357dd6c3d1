-- The digest asks for the needs put on the board since the last one: an
-- index on when a need was posted keeps that a short range read on a
-- board of 100,000 needs.
CREATE INDEX needs_created ON needs (created_at);
