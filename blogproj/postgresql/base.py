"""Django's PostgreSQL backend, with a health check that costs no round trip.

With CONN_HEALTH_CHECKS, Django checks a kept connection at the start of each request by
running `SELECT 1`: a round trip to the server on every request, a third of the database
time of a one-row read. This checks the connection's socket instead. An idle connection
has nothing to read; if the socket is readable, the server has hung up (a restart, a
crash, a closed proxy) or sent its goodbye, and the connection is dropped before the
request uses it, so the first request after an outage does not fail on a dead one.
"""

import select

from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLDatabaseWrapper


class DatabaseWrapper(PostgreSQLDatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):  # the socket is gone
            return False
        return not readable
