"""Customer names as the owner types them: Chinese by its pinyin, everything in lower case.

Each customer keeps a key of its name (``customers.name_pinyin``):
``恒远建设集团`` is ``heng yuan jian she ji tuan``, ``Acme Lifts`` is
``acme lifts``. The customer list sorts names by it, and the searches match
what is typed against it with the spaces left out (``hengyuan``), beside the
name itself. It is made by rentrack's own writes: a new customer's key is
blank, and so is one whose name changed (a trigger of migration 6 sees to
that, whoever wrote), and :func:`keep_name_keys` fills every blank key after
each write of customers and when a store is opened.

The pinyin comes from pypinyin (read phrase by phrase, so 重庆 is
``chong qing``), imported only when a name holds Chinese text.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from functools import lru_cache

from db import queries
from db.writes import is_locked, transaction

#: Han characters (the unified ideographs and their extension A, and the compatibility block).
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def name_key(name: str) -> str:
    """The key of a name: its pinyin syllables (no tones) and its other words, lower case, one space apart."""
    text = name if name.isascii() else unicodedata.normalize("NFKC", name)
    if _HAN.search(text):
        text = " ".join(_word_pinyin(word) for word in _words(text))
    return " ".join(text.lower().split())


def _words(text: str) -> list[str]:
    """*text* cut into the words pypinyin reads as one (its own segmentation), or whole."""
    try:
        from pypinyin.seg.simpleseg import seg
    except ImportError:  # a pypinyin laid out otherwise: read the name whole (the same pinyin, slower)
        return [text]
    return list(seg(text))


@lru_cache(maxsize=50_000)
def _word_pinyin(word: str) -> str:
    """The pinyin of one word (有限公司, 建设 recur across names: an import of 10,000 reads each once)."""
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(word))


def keep_name_keys(conn: sqlite3.Connection) -> int:
    """Fill every blank name key (new customers, changed names), inside the caller's transaction.

    Returns how many were filled. Cheap when there are none: the keys are indexed.
    """
    blank = queries.customers_without_name_key(conn)
    if blank:
        queries.set_name_keys(conn, [(name_key(name), code) for code, name in blank])
    return len(blank)


def fill_name_keys(conn: sqlite3.Connection) -> None:
    """Fill blank name keys in a transaction of their own, unless another writer holds the lock.

    For a store being opened: keys blanked by another program (the ``sqlite3``
    shell) or left by an older rentrack are made here; when an import holds
    the lock, the next open does it.
    """
    if not queries.customers_without_name_key(conn):
        return
    (wait,) = conn.execute("PRAGMA busy_timeout").fetchone()
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        with transaction(conn, patient=False):
            keep_name_keys(conn)
    except sqlite3.OperationalError as exc:
        if not is_locked(exc):
            raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(wait)}")
