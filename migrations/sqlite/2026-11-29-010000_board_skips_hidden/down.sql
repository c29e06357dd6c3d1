DROP INDEX needs_board_soonest;
DROP INDEX needs_board_newest;
DROP INDEX needs_category;
CREATE INDEX needs_board_soonest ON needs (status, sort_date, id);
CREATE INDEX needs_board_newest ON needs (status, id);
CREATE INDEX needs_category ON needs (category_id, status, sort_date, id);
