"""Demo data: the stories of docs/domain.md §6 told with made-up people, for a first start."""

from adapters.demo.loader import (
    DemoSummary,
    Login,
    StoreNotEmpty,
    is_empty,
    load_demo,
    store_is_empty,
)

__all__ = ["DemoSummary", "Login", "StoreNotEmpty", "is_empty", "load_demo", "store_is_empty"]
