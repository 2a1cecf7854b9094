"""The API's route handlers (docs/domain.md §4), collected for the application factory."""
