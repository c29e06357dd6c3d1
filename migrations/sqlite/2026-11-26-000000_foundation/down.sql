DROP TABLE site_settings;
DROP TABLE setup_tokens;
DROP TABLE trusted_devices;
DROP TABLE sessions;
DROP TABLE users;
