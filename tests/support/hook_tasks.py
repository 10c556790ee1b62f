"""The emulator hooks a test host runs as tasks (bumble and bluezoo hosts share this).

A hook that raises must fail the test, not vanish in a task nobody awaits: the error is kept
and raised again when the host closes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class HookTasks:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self.errors: list[BaseException] = []

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("emulator hook failed", exc_info=task.exception())
            self.errors.append(task.exception())  # type: ignore[arg-type]

    async def drain(self, timeout_s: float = 2.0) -> None:
        """Let running hooks finish (up to ``timeout_s``), then cancel the rest."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout_s)
        for task in set(self._tasks):
            task.cancel()

    def raise_first_error(self) -> None:
        if self.errors:
            raise self.errors[0]
