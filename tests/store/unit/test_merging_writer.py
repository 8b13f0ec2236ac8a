"""The merging writer (PostgreSQL's group commit): the items waiting together are written by one call of their
`run_many`, each told its own result; a merged run that fails for any reason but the database's writes each item alone
(told what it is told alone, once); a database that fails fails the batch; an item alone in its batch is written by its
unit; one whose caller gave up before it was taken is dropped and the writer goes on."""

from __future__ import annotations

import threading

import pytest

from aicident.errors import Conflict, InvalidInput, StorageUnavailable
from aicident.store.merging_writer import MergingWriter


class Gate:
    """A unit that holds the writer's thread until opened, so that the items submitted meanwhile wait together."""

    def __init__(self, writer: MergingWriter):
        self.started, self.open = threading.Event(), threading.Event()
        self.future = writer.submit_later(self._hold, merge=(lambda items: [None] * len(items), None))
        assert self.started.wait(5)

    def _hold(self) -> str:
        self.started.set()
        assert self.open.wait(5)
        return "held"

    def release(self) -> None:
        self.open.set()
        assert self.future.result(5) == "held"


def test_items_waiting_together_are_written_in_one_run_and_each_hears_its_own_result():
    writer = MergingWriter()
    runs: list[list] = []
    alone: list[int] = []

    def run_many(items: list) -> list:
        runs.append(list(items))
        return [InvalidInput("odd") if n % 2 else n * 10 for n in items]

    def unit(n: int):
        return lambda: alone.append(n) or n

    assert writer.submit(unit(7), merge=(run_many, 7)) == 7  # alone in its batch: its unit writes it
    gate = Gate(writer)
    futures = [writer.submit_later(unit(n), merge=(run_many, n)) for n in (1, 2, 4)]
    gate.release()
    assert futures[1].result(5) == 20 and futures[2].result(5) == 40
    with pytest.raises(InvalidInput):
        futures[0].result(5)
    assert runs == [[1, 2, 4]] and alone == [7]


def test_a_merged_run_that_fails_writes_each_item_alone_once():
    writer = MergingWriter()
    alone: list[int] = []

    def raced(items: list) -> list:
        raise Conflict("raced with another writer")

    def unit(n: int):
        def write():
            alone.append(n)
            if n == 3:
                raise InvalidInput("refused alone")
            return n

        return write

    gate = Gate(writer)
    futures = [writer.submit_later(unit(n), merge=(raced, n)) for n in (1, 2, 3)]
    gate.release()
    assert [f.result(5) for f in futures[:2]] == [1, 2]
    with pytest.raises(InvalidInput):
        futures[2].result(5)
    assert alone == [1, 2, 3]


def test_a_database_that_fails_fails_the_batch_and_the_next_is_written():
    writer = MergingWriter()
    alone: list[int] = []

    def down(items: list) -> list:
        raise StorageUnavailable("the database is unavailable")

    gate = Gate(writer)
    futures = [writer.submit_later(lambda n=n: alone.append(n), merge=(down, n)) for n in (1, 2)]
    gate.release()
    for future in futures:
        with pytest.raises(StorageUnavailable):
            future.result(5)
    assert alone == []  # not written alone: each would fail alike, or be written twice were the commit's fate unknown
    assert writer.submit(lambda: "next", merge=(down, 3)) == "next"


def test_an_item_whose_caller_gave_up_before_it_was_taken_is_dropped_and_the_writer_goes_on():
    writer = MergingWriter()
    seen: list[list] = []

    def run_many(items: list) -> list:
        seen.append(list(items))
        return items

    gate = Gate(writer)
    futures = [writer.submit_later(lambda: None, merge=(run_many, n)) for n in (1, 2, 3)]
    assert futures[1].cancel()
    gate.release()
    assert [futures[0].result(5), futures[2].result(5)] == [1, 3]
    assert seen == [[1, 3]]
