"""Settings from the environment, with safe defaults for the embedded mode."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from domain.deadline_policy import DEFAULT_POLICY, NAMES, DeadlinePolicy
from domain.errors import InvalidInput

PROJECTOR_MODES = ("inline", "process", "external")
_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}
_SPAN = re.compile(r"^(\d{1,6})\s*([mhd])$")


class SettingsError(ValueError):
    """A setting has a value the service cannot run with."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("./var")
    database_url: str | None = None
    database_schema: str | None = None
    demo: bool = True
    # CASEWORK_DEMO=1 given explicitly: `serve` then loads the demo data even when bound
    # to an address other than loopback (otherwise it refuses).
    demo_explicit: bool = False
    timezone: str = "Asia/Shanghai"
    lock_timeout_seconds: int = 5
    log_level: str = "info"
    search_key: str | None = field(default=None, repr=False)
    jwt_secret: str | None = field(default=None, repr=False)
    checkpoint_key: str | None = field(default=None, repr=False)  # signs chain checkpoints
    # A bearer token that lets a client other than loopback read /metrics (None: loopback
    # clients only).
    metrics_token: str | None = field(default=None, repr=False)
    # Wraps the cases' data keys (base64, 32 bytes); None: `<data dir>/keys/master.key`.
    master_key: str | None = field(default=None, repr=False)
    # A closed case's personal data is erased this many days after its closure.
    retention_days: int = 1095
    secure_cookies: bool = False  # the web UI's cookies only over https
    # Where the projections run: "inline" (in the server process, under a lock),
    # "process" (`casework serve` starts `casework projector` beside the API processes)
    # or "external" (the operator runs `casework projector`). None: the default of the
    # store, see `projector_mode`.
    projector: str | None = None
    # Proxies whose X-Forwarded-For is believed (addresses or CIDR blocks); none by
    # default: the peer's own address is the client's.
    trusted_proxies: tuple[str, ...] = ()
    # The deployment's deadlines (CASEWORK_DEADLINES); a team may override them.
    deadlines: DeadlinePolicy = DEFAULT_POLICY
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def uses_postgres(self) -> bool:
        return self.database_url is not None

    @property
    def projector_mode(self) -> str:
        """A process of its own on both stores: measured with `casework bench`
        (docs/performance.md), the projections inside the API process lost the GIL to
        the requests and fell seconds behind under load; in a process of their own they
        stay within tens of milliseconds (PostgreSQL wakes them by NOTIFY, on SQLite
        they poll the store every 5 ms)."""
        return self.projector if self.projector is not None else "process"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        url = env.get("CASEWORK_DATABASE_URL") or None
        if url is not None and not url.startswith(("postgresql://", "postgres://")):
            raise SettingsError("CASEWORK_DATABASE_URL must be a postgresql:// URL")
        try:
            lock_timeout = int(env.get("CASEWORK_LOCK_TIMEOUT", "5"))
        except ValueError:
            raise SettingsError("CASEWORK_LOCK_TIMEOUT must be a whole number of seconds") from None
        projector = (env.get("CASEWORK_PROJECTOR") or "").strip().lower() or None
        if projector not in (None, *PROJECTOR_MODES):
            raise SettingsError(
                f"CASEWORK_PROJECTOR must be one of {', '.join(PROJECTOR_MODES)}")
        timezone = env.get("CASEWORK_TIMEZONE", "Asia/Shanghai")
        try:
            ZoneInfo(timezone)
        except Exception:
            msg = f"CASEWORK_TIMEZONE {timezone!r} is not a known time zone"
            raise SettingsError(msg) from None
        trusted_proxies = tuple(
            p.strip() for p in env.get("CASEWORK_TRUSTED_PROXIES", "").split(",") if p.strip())
        for proxy in trusted_proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError:
                raise SettingsError(f"CASEWORK_TRUSTED_PROXIES: {proxy!r} is not an IP "
                                    "address or CIDR block") from None
        demo = env.get("CASEWORK_DEMO", "1").strip().lower() not in ("0", "false", "no", "off")
        return cls(
            data_dir=Path(env.get("CASEWORK_DATA_DIR", "./var")),
            database_url=url,
            database_schema=env.get("CASEWORK_DATABASE_SCHEMA") or None,
            demo=demo,
            demo_explicit=demo and bool(env.get("CASEWORK_DEMO", "").strip()),
            timezone=timezone,
            lock_timeout_seconds=lock_timeout,
            log_level=env.get("CASEWORK_LOG_LEVEL", "info"),
            search_key=env.get("CASEWORK_SEARCH_KEY") or None,
            jwt_secret=env.get("CASEWORK_JWT_SECRET") or None,
            checkpoint_key=env.get("CASEWORK_CHECKPOINT_KEY") or None,
            metrics_token=env.get("CASEWORK_METRICS_TOKEN") or None,
            master_key=env.get("CASEWORK_MASTER_KEY") or None,
            retention_days=_retention_days(env),
            secure_cookies=env.get("CASEWORK_SECURE_COOKIES", "0").strip().lower()
            in ("1", "true", "yes", "on"),
            projector=projector,
            trusted_proxies=trusted_proxies,
            deadlines=deadlines_from(env.get("CASEWORK_DEADLINES", "")),
        )


def _retention_days(env: Mapping[str, str]) -> int:
    try:
        days = int(env.get("CASEWORK_RETENTION_DAYS", "1095"))
    except ValueError:
        raise SettingsError("CASEWORK_RETENTION_DAYS must be a whole number of days") from None
    if days < 1:
        raise SettingsError("CASEWORK_RETENTION_DAYS must be at least 1")
    return days


def deadlines_from(spec: str) -> DeadlinePolicy:
    """CASEWORK_DEADLINES: the values that differ from the SPEC's, as `name=span` pairs
    separated by commas or spaces, a span being a whole number of minutes, hours or
    days (`30m`, `2h`, `7d`); `follow_up_warning=quarter` is the default warning (the
    last quarter of the span). E.g. `assign_critical=1h, referral_reply=24h`."""
    values: dict[str, timedelta | None] = {}
    for pair in spec.replace(",", " ").split():
        name, _, span = pair.partition("=")
        name = name.strip().lower()
        if name not in NAMES:
            raise SettingsError(f"CASEWORK_DEADLINES: {name!r} is not one of {', '.join(NAMES)}")
        if name == "follow_up_warning" and span.strip().lower() == "quarter":
            values[name] = None
            continue
        found = _SPAN.match(span.strip().lower())
        if found is None:
            raise SettingsError(f"CASEWORK_DEADLINES: {name}={span!r} is not a span such as "
                                "30m, 2h or 7d")
        values[name] = int(found[1]) * _UNITS[found[2]]
    try:
        return DeadlinePolicy(**values)  # type: ignore[arg-type]
    except InvalidInput as refused:
        low, high = refused.params.get("min"), refused.params.get("max")
        raise SettingsError(f"CASEWORK_DEADLINES: {refused.field} must be between {low} and "
                            f"{high} minutes") from None
