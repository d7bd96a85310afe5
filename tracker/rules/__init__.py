"""The business rules (SPEC 4): pure functions over plain data, ``as_of`` and settings given.

Nothing here opens a file or a database: :mod:`tracker.board` feeds them what
the queries aggregate.
"""
