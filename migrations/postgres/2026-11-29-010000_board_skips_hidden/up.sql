-- The board reads only needs nobody hid: the indexes it walks carry the
-- hidden column next to the status, so skipping hidden needs costs no
-- extra row reads.
DROP INDEX needs_board_soonest;
DROP INDEX needs_board_newest;
DROP INDEX needs_category;
CREATE INDEX needs_board_soonest ON needs (status, hidden, sort_date, id);
CREATE INDEX needs_board_newest ON needs (status, hidden, id);
CREATE INDEX needs_category ON needs (category_id, status, hidden, sort_date, id);
