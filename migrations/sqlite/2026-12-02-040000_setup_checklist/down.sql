DROP TABLE setup_steps;
