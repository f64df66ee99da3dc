"""An ingest killed with SIGKILL at random points leaves whole articles only, and a re-run
ends with the same database as a run that was never interrupted.

The child process runs the real write path (Store.ingest_pairs, one transaction per
article) over a synthetic coded corpus read from a pickle, so no spaCy model is loaded and
each run takes a few seconds."""

from __future__ import annotations

import os
import pickle
import random
import signal
import subprocess
import sys
import time

import pytest

from dotterel.store import Store
from dotterel.store.synthetic import corpus
from test_store import table_dump

CHILD = """
import pickle, sys
from dotterel.store import Store
pairs = pickle.load(open(sys.argv[1], "rb"))
store = Store.open(sys.argv[2])
store.ingest_pairs(pairs[:1])  # warm: the first write loads MinHash parameters
print("ready", flush=True)
store.ingest_pairs(pairs)
store.close()
print("done", flush=True)
"""


def _child(pickle_path, db):
    return subprocess.Popen([sys.executable, "-c", CHILD, str(pickle_path), str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_sigkill_at_random_points_then_rerun_gives_the_same_database(tmp_path):
    pairs = list(corpus(200, seed=21, days=30, copy_share=0.15))  # 40 articles, copies and merges included
    pickle_path = tmp_path / "pairs.pickle"
    pickle_path.write_bytes(pickle.dumps(pairs))
    reference = tmp_path / "reference.duckdb"
    started = time.perf_counter()
    with Store.open(reference) as store:
        store.ingest_pairs(pairs)
    duration = time.perf_counter() - started
    expected = table_dump(reference)
    assert len(expected["articles"]) > 30
    with Store.open(reference, read_only=True) as store:  # near-duplicates too (by name: row[-3] was n_mentions)
        assert store.execute("SELECT count(duplicate_of) FROM articles")[0][0] > 0

    rng = random.Random(1303)
    killed_midway = 0
    for run in range(3):
        db = tmp_path / f"killed{run}.duckdb"
        child = _child(pickle_path, db)
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        time.sleep(rng.uniform(0.05, 0.9) * duration)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
        with Store.open(db) as store:  # the lock died with the process; the WAL is replayed
            stored = store.stats()["articles"]
            killed_midway += 0 < stored < len(expected["articles"])
            # whole articles only: every stored article has all of its mentions
            partial = store.execute("""
                SELECT a.doc_id FROM articles a LEFT JOIN mentions m ON m.article_id = a.article_id
                GROUP BY a.doc_id, a.n_mentions HAVING count(m.mention_id) <> a.n_mentions""")
            assert partial == []
            store.ingest_pairs(pairs)  # the re-run
        assert table_dump(db) == expected
        os.remove(db)
    assert killed_midway >= 1  # at least one kill landed in the middle of the run
