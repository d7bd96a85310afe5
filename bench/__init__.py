"""Measurements on a large synthetic business: ``python -m bench`` (``make bench``).

:mod:`bench.generate` writes the business as canonical CSV; :mod:`bench.bigdb`
loads it into a database; :mod:`bench.__main__` times the companion commands,
the board and the app against their yardsticks and prints the ratios.
"""
