"""The one step off the ORM: a query written with the ORM, compiled to SQL once.

A one-row lookup by primary key costs the database a few tens of microseconds; building
the queryset and compiling it to SQL costs Django about 0.25 ms, every time. For the
queries that run on nearly every request (the token's user in accounts/token_user.py;
one post, the lists of posts and the pages' pages of posts in posts/reads.py) that is
much of the work, so they are compiled once per process and then run with new values:
the same SQL, the same rows and the same value conversions as `.values_list()` gives,
from a query still written with the ORM. tests/test_fast_paths.py proves each one equal
to the plain ORM path.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime


class CompiledQuery:
    """`build(**placeholders)` makes a `.values_list()` queryset; `rows(**values)` runs its
    SQL with each placeholder's value replaced.

    The placeholders are sample values of the right type that appear nowhere else in the
    query (say `user_id=-7_000_001`): they are found by value among the query's
    parameters, so the SQL never has to be written or parsed by hand. (So they must be
    values the ORM passes on unchanged: numbers and strings, not datetimes.)
    """

    # Kept compiled slices, at most (a crawler walking every page of a big blog must not
    # grow a worker without bound; past these, a slice is compiled on each call, as the
    # ORM would).
    MAX_SLICES = 100

    def __init__(self, build: Callable[..., QuerySet], **placeholders: Any):
        self.build = build
        self.placeholders = placeholders
        self._compiled: dict[tuple, tuple] = {}  # per database alias and slice

    def rows(
        self, using: str = DEFAULT_DB_ALIAS, page: slice | None = None, **values: Any
    ) -> list[tuple]:
        """The rows, or the `page` slice of them (`queryset[page]`, with a start and a
        stop). LIMIT and OFFSET are written into the SQL, so a slice is compiled when it
        is first asked for, and kept for the first MAX_SLICES slices asked for."""
        if page is not None and page.stop <= page.start:
            return []  # as the ORM answers an empty slice, without a query
        where = (using, page.start, page.stop) if page else (using,)
        compiled = self._compiled.get(where) or self._compile(where)
        sql, params, positions, converters = compiled
        params = list(params)
        for name, (index, as_compiled) in positions.items():
            params[index] = as_compiled(values[name])
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not converters:
            return [tuple(row) for row in rows]
        return [convert(row, converters, connection) for row in rows]

    def _compile(self, where: tuple) -> tuple:
        using, *page = where
        queryset = self.build(**self.placeholders)
        if page:
            queryset = queryset[slice(*page)]
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        positions = {}
        for name, value in self.placeholders.items():
            found = [i for i, param in enumerate(params) if same(param, value)]
            if len(found) != 1:
                raise ValueError(f"The placeholder {name} must be in the query once: {found}")
            # In the type the ORM gave it (psycopg's Int4 for an IntegerField on PostgreSQL).
            positions[name] = (found[0], type(params[found[0]]))
        columns = [selected[0] for selected in compiler.select[: compiler.col_count]]
        connection = connections[using]
        converters = [
            (position, ([faster(function, connection) for function in functions], expression))
            for position, (functions, expression) in compiler.get_converters(columns).items()
        ]
        compiled = (sql, tuple(params), positions, converters)
        if len(where) == 1 or len(self._compiled) <= self.MAX_SLICES:
            self._compiled[where] = compiled
        return compiled


def same(param: Any, placeholder: Any) -> bool:
    # By type too: a placeholder 1 must not match a True elsewhere in the query.
    of_its_type = isinstance(param, type(placeholder))
    return (
        of_its_type
        and isinstance(param, bool) == isinstance(placeholder, bool)
        and (param == placeholder)
    )


def convert(row, converters, connection) -> tuple:
    """A database row's values as the ORM returns them (dates parsed, time zones set)."""
    values = list(row)
    for position, (functions, expression) in converters:
        value = values[position]
        for function in functions:
            value = function(value, expression, connection)
        values[position] = value
    return tuple(values)


def faster(function: Callable, connection) -> Callable:
    """`function`, or a quicker one that gives the same values.

    SQLite stores datetimes without their time zone, and Django's converter makes each
    one aware again, reading two settings per value on the way: a third of a 500-post
    list's time on SQLite. The settings can't change while the process runs, so they
    are read once here (tests/test_fast_paths.py compares the rows with values_list()'s).
    """
    sqlite_converter = getattr(type(connection.ops), "convert_datetimefield_value", None)
    if connection.vendor != "sqlite" or getattr(function, "__func__", None) is not sqlite_converter:
        return function
    time_zone = connection.timezone if settings.USE_TZ else None

    def convert_datetime(value, expression, connection):
        if value is None:
            return None
        if not isinstance(value, datetime.datetime):
            value = parse_datetime(value)
        if time_zone is not None and value.utcoffset() is None:
            value = value.replace(tzinfo=time_zone)
        return value

    return convert_datetime
