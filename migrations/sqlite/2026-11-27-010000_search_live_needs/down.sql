DROP TRIGGER needs_fts_insert;
DROP TRIGGER needs_fts_delete;
DROP TRIGGER needs_fts_update;
INSERT INTO needs_fts (needs_fts) VALUES ('rebuild');
CREATE TRIGGER needs_fts_insert AFTER INSERT ON needs BEGIN
    INSERT INTO needs_fts (rowid, title, details) VALUES (new.id, new.title, new.details);
END;
CREATE TRIGGER needs_fts_delete AFTER DELETE ON needs BEGIN
    INSERT INTO needs_fts (needs_fts, rowid, title, details) VALUES ('delete', old.id, old.title, old.details);
END;
CREATE TRIGGER needs_fts_update AFTER UPDATE OF title, details ON needs BEGIN
    INSERT INTO needs_fts (needs_fts, rowid, title, details) VALUES ('delete', old.id, old.title, old.details);
    INSERT INTO needs_fts (rowid, title, details) VALUES (new.id, new.title, new.details);
END;
