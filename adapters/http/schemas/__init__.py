"""msgspec Structs: the public contract of the HTTP API (docs/domain.md §4)."""
