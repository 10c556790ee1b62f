"""Run the real uploader in its own process until the outbox is drained (the chaos test kills it).

    python -m tests.support.uploader_process DB BASE_URL STATION [--strategy put]

Limits are shortened so a 500-visit chaos run fits in a test: short backoff, a short lease
(so a killed run's claims come back quickly), a client timeout the proxy can exceed.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from measurements.database import open_database
from sync.client import make_client
from sync.config import MappingConfig, SyncConfig
from sync.policy import RetryPolicy, UploadLimits
from sync.uploader import Uploader

CHAOS_LIMITS = UploadLimits(concurrency=4, lease_s=8.0, request_timeout_s=2.0,
                            rate_per_s=500.0, burst=50)
CHAOS_RETRY = RetryPolicy(backoff_base_s=0.05, backoff_cap_s=1.0, quick_attempts=2,
                          quick_wait_max_s=0.2)


async def drain(db_path: Path, base_url: str, station: str, strategy: str) -> None:
    db = open_database(db_path)
    config = SyncConfig(base_url=base_url, station_id=station,
                        mapping=MappingConfig(idempotency=strategy),  # type: ignore[arg-type]
                        limits=CHAOS_LIMITS, retry=CHAOS_RETRY)
    async with make_client(config) as client:
        uploader = Uploader(db, client, config)
        stop = asyncio.Event()
        task = asyncio.create_task(uploader.run(stop, idle_s=0.05))
        while True:
            left = db.execute("SELECT count(*) FROM sync_outbox"
                              " WHERE state IN ('queued', 'in_flight')").fetchone()[0]
            if left == 0:
                break
            await asyncio.sleep(0.2)
        stop.set()
        await task


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("base_url")
    parser.add_argument("station")
    parser.add_argument("--strategy", default="conditional-create")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(drain(args.db, args.base_url, args.station, args.strategy))


if __name__ == "__main__":
    main()
