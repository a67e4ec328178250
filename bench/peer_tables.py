"""Create the FastAPI original's tables, as its start-up does, once before its workers
start: several workers creating them at the same time would race on the DDL.

Run with the original's interpreter and its folder on PYTHONPATH (bench/app_servers.py does).
"""

import asyncio

# The original's own modules: mypy, run from this project, cannot see them.
import models  # type: ignore[import-not-found]  # noqa: F401  (registers the tables)
from database import Base, engine  # type: ignore[import-not-found]


async def create_tables() -> None:
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    await engine.dispose()


asyncio.run(create_tables())
