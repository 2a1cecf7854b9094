"""The API's route handlers (SPEC §4), collected for the application factory."""
