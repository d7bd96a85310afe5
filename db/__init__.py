"""Storage for rentrack: one SQLite file, its schema, migrations, queries and writes.

Nothing here knows about the terminal UI, the CLI or the business rules.
"""
