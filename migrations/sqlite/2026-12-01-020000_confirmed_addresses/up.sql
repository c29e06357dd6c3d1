-- Whether the member has confirmed their address by the link mailed at
-- sign-up. Accounts made before confirmation existed count as confirmed.
ALTER TABLE users ADD COLUMN email_confirmed BOOLEAN NOT NULL DEFAULT TRUE;
