-- The first admin's checklist: the steps of setting up a board, recorded
-- when an admin takes them, since the settings alone cannot tell (a board
-- may keep approval mode on purpose). One row per step done: 'name' (the
-- name changed), 'rules' (the rules changed), 'joining' (how people join
-- chosen and saved).
CREATE TABLE setup_steps (
    step TEXT PRIMARY KEY NOT NULL CHECK (step IN ('name', 'rules', 'joining'))
);

-- A board that ran before the checklist: what it already changed counts as done.
INSERT INTO setup_steps (step)
    SELECT 'name' FROM site_settings WHERE name <> 'Kith';
INSERT INTO setup_steps (step)
    SELECT 'rules' FROM site_settings WHERE rules <> 'Be kind and assume good intent.
Ask only for help you really need, and say clearly what it involves.
Never post anyone''s exact address, phone number or door code in public; use the private details, which only accepted helpers see.
No selling, advertising or asking for money.
Meet in a public place first if either of you would feel safer.
Report anything that seems unsafe, and let the moderators handle it.';
INSERT INTO setup_steps (step)
    SELECT 'joining' FROM site_settings
    WHERE registration_mode <> 'approval'
       OR EXISTS (
           SELECT 1 FROM moderation_log
           WHERE action = 'settings_changed' AND summary LIKE 'Set registration to %'
       );
