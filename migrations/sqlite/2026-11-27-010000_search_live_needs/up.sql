-- Word search covers live needs only (open or filled): the board never
-- shows any other, and closed needs pile up over the years.
DROP TRIGGER needs_fts_insert;
DROP TRIGGER needs_fts_delete;
DROP TRIGGER needs_fts_update;

INSERT INTO needs_fts (needs_fts) VALUES ('delete-all');
INSERT INTO needs_fts (rowid, title, details)
    SELECT id, title, details FROM needs WHERE status IN ('open', 'filled');

CREATE TRIGGER needs_fts_insert AFTER INSERT ON needs WHEN new.status IN ('open', 'filled') BEGIN
    INSERT INTO needs_fts (rowid, title, details) VALUES (new.id, new.title, new.details);
END;
CREATE TRIGGER needs_fts_delete AFTER DELETE ON needs WHEN old.status IN ('open', 'filled') BEGIN
    INSERT INTO needs_fts (needs_fts, rowid, title, details) VALUES ('delete', old.id, old.title, old.details);
END;
CREATE TRIGGER needs_fts_update AFTER UPDATE OF title, details, status ON needs BEGIN
    INSERT INTO needs_fts (needs_fts, rowid, title, details)
        SELECT 'delete', old.id, old.title, old.details WHERE old.status IN ('open', 'filled');
    INSERT INTO needs_fts (rowid, title, details)
        SELECT new.id, new.title, new.details WHERE new.status IN ('open', 'filled');
END;
