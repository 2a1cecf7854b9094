"""Event-store settings: the embedded SQLite store or PostgreSQL, one code path."""

from __future__ import annotations

from urllib.parse import unquote, urlparse

from adapters.security.files import private_sqlite
from adapters.settings import Settings
from adapters.storage.chain_recorders import RECORDER_TOPICS
from adapters.storage.mapper import MAPPER_TOPIC

CASE_CACHE_SIZE = 5000


def event_store_env(app_name: str, settings: Settings) -> dict[str, str]:
    """The eventsourcing environment for one application.

    SQLite: one file per application under the data directory (the applications share
    table names), in WAL mode. PostgreSQL: one database, a table per application, the
    library's default insert path (not ENABLE_DB_FUNCTIONS), and a lock timeout so that a
    stuck writer gives an error instead of a hang.
    """
    env = {"MAPPER_TOPIC": MAPPER_TOPIC}
    # Each insert of events also writes their links of the hash chain (decision 0019).
    env["APPLICATION_RECORDER_TOPIC"] = RECORDER_TOPICS[
        "sqlite" if settings.database_url is None else "postgres"]
    if app_name == "cases":
        # Recently used cases and the reference sequences stay in memory; a load then
        # reads only the events recorded since (by any process), not the whole stream.
        env["AGGREGATE_CACHE_MAXSIZE"] = str(CASE_CACHE_SIZE)
    if settings.database_url is None:
        database = private_sqlite(settings.data_dir / f"{app_name}.sqlite")  # 0600, dir 0700
        env.update(
            PERSISTENCE_MODULE="eventsourcing.sqlite",
            SQLITE_DBNAME=str(database),
            SQLITE_LOCK_TIMEOUT=str(settings.lock_timeout_seconds),
        )
        return env
    url = urlparse(settings.database_url)
    env.update(
        PERSISTENCE_MODULE="eventsourcing.postgres",
        POSTGRES_DBNAME=(url.path or "/postgres").lstrip("/") or "postgres",
        POSTGRES_HOST=url.hostname or "127.0.0.1",
        POSTGRES_PORT=str(url.port or 5432),
        POSTGRES_USER=unquote(url.username or "postgres"),
        POSTGRES_PASSWORD=unquote(url.password or ""),
        POSTGRES_LOCK_TIMEOUT=str(settings.lock_timeout_seconds),
        POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT=str(settings.lock_timeout_seconds * 2),
        POSTGRES_CONNECT_TIMEOUT=str(settings.lock_timeout_seconds),
        POSTGRES_POOL_SIZE="5",
        POSTGRES_MAX_OVERFLOW="10",
        # No round trip to test each pooled connection before use (three per intake):
        # the library retries a statement that meets a closed connection on a fresh
        # one (tests/integration/test_postgres_reconnect.py).
        POSTGRES_PRE_PING="n",
    )
    if settings.database_schema:
        env["POSTGRES_SCHEMA"] = settings.database_schema
    return env


def ensure_schema(settings: Settings) -> None:
    """Create the PostgreSQL schema the stores live in, if one is named."""
    if settings.database_url is None or not settings.database_schema:
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(settings.database_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
            sql.Identifier(settings.database_schema)))
