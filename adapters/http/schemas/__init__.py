"""msgspec Structs: the public contract of the HTTP API (SPEC §4)."""
