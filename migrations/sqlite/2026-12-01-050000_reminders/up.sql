-- Whether the day-before reminder of a need's date went out (a new date
-- clears it).
ALTER TABLE needs ADD COLUMN reminded BOOLEAN NOT NULL DEFAULT FALSE;
