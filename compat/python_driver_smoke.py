#!/usr/bin/env python3
"""Drives a running Almanac node with Debian's python3-cassandra (the DataStax Python driver), default settings.

Usage: python_driver_smoke.py HOST PORT
Prints one line per check and ends with "N passed, N failed"; exits non-zero when any check failed.
"""
import datetime
import sys
import traceback

from cassandra.cluster import Cluster
from cassandra.query import BatchStatement, BatchType, SimpleStatement

results = []


def check(name, fn):
    try:
        fn()
        results.append((name, None))
        print("PASS", name)
    except Exception as exc:  # report every failure, keep going
        results.append((name, exc))
        print("FAIL", name, "-", repr(exc))
        traceback.print_exc(file=sys.stdout)


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    cluster = Cluster([host], port=port)
    session = cluster.connect()
    ks = "py_smoke"

    def metadata():
        assert cluster.metadata.cluster_name, "cluster_name is empty"
        assert cluster.metadata.partitioner.endswith("Murmur3Partitioner"), cluster.metadata.partitioner
        assert len(cluster.metadata.all_hosts()) == 1, cluster.metadata.all_hosts()
        assert "system" in cluster.metadata.keyspaces

    def ddl():
        session.execute("DROP KEYSPACE IF EXISTS " + ks)
        session.execute("CREATE KEYSPACE " + ks + " WITH replication = "
                        "{'class': 'SimpleStrategy', 'replication_factor': 1}")
        session.execute("CREATE TABLE " + ks + ".readings (device text, ts timestamp, value double, "
                        "PRIMARY KEY ((device), ts)) WITH CLUSTERING ORDER BY (ts DESC) AND compaction = "
                        "{'class': 'TimeWindowCompactionStrategy', 'compaction_window_unit': 'HOURS', "
                        "'compaction_window_size': '1'} AND default_time_to_live = 3600")
        cluster.refresh_schema_metadata()
        table = cluster.metadata.keyspaces[ks].tables["readings"]
        assert [c.name for c in table.partition_key] == ["device"]
        assert table.options["default_time_to_live"] == 3600, table.options
        exported = cluster.metadata.keyspaces[ks].export_as_string()
        assert "TimeWindowCompactionStrategy" in exported, exported

    base = datetime.datetime(2026, 11, 21, 10, 0, 0)

    def prepared_writes():
        insert = session.prepare("INSERT INTO " + ks + ".readings (device, ts, value) VALUES (?, ?, ?)")
        for i in range(1200):
            session.execute(insert, ("dev-1", base + datetime.timedelta(seconds=i), float(i)))

    def paged_read():
        statement = SimpleStatement("SELECT ts, value FROM " + ks + ".readings WHERE device = 'dev-1'",
                                    fetch_size=100)
        values = [row.value for row in session.execute(statement)]
        assert len(values) == 1200, len(values)
        assert values == sorted(values, reverse=True), "rows not in clustering (DESC) order"

    def time_range():
        select = session.prepare("SELECT ts, value FROM " + ks + ".readings WHERE device = ? AND ts >= ? "
                                 "AND ts < ? ORDER BY ts ASC LIMIT 5")
        rows = list(session.execute(select, ("dev-1", base + datetime.timedelta(seconds=100),
                                             base + datetime.timedelta(seconds=200))))
        assert [r.value for r in rows] == [100.0, 101.0, 102.0, 103.0, 104.0], rows

    def batch():
        insert = session.prepare("INSERT INTO " + ks + ".readings (device, ts, value) VALUES (?, ?, ?)")
        batch_statement = BatchStatement(batch_type=BatchType.UNLOGGED)
        for i in range(10):
            batch_statement.add(insert, ("dev-2", base + datetime.timedelta(seconds=i), float(i)))
        session.execute(batch_statement)
        count = len(list(session.execute("SELECT value FROM " + ks + ".readings WHERE device = 'dev-2'")))
        assert count == 10, count

    def tuples():
        session.execute("CREATE TABLE " + ks + ".spans (k int, c frozen<tuple<int, text>>, v tuple<int, text, "
                        "double>, PRIMARY KEY (k, c))")
        insert = session.prepare("INSERT INTO " + ks + ".spans (k, c, v) VALUES (?, ?, ?)")
        session.execute(insert, (1, (2, "b"), (3, None, 0.5)))
        session.execute("INSERT INTO " + ks + ".spans (k, c, v) VALUES (1, (1, 'a'), (4, 'x', 1.5))")
        rows = list(session.execute("SELECT c, v FROM " + ks + ".spans WHERE k = 1"))
        assert [(r.c, r.v) for r in rows] == [((1, "a"), (4, "x", 1.5)), ((2, "b"), (3, None, 0.5))], rows
        cluster.refresh_schema_metadata()
        column = cluster.metadata.keyspaces[ks].tables["spans"].columns["v"]
        assert column.cql_type == "frozen<tuple<int, text, double>>", column.cql_type

    def errors():
        try:
            session.execute("SELEKT * FROM " + ks + ".readings")
            raise AssertionError("a syntax error was accepted")
        except Exception as exc:
            assert "SyntaxException" in type(exc).__name__ or "Syntax" in str(type(exc)), repr(exc)
        session.execute("SELECT * FROM " + ks + ".readings WHERE device = 'dev-1' LIMIT 1")

    for name, fn in [("metadata", metadata), ("ddl", ddl), ("prepared writes", prepared_writes),
                     ("paged read", paged_read), ("time range", time_range), ("batch", batch),
                     ("tuples", tuples), ("errors", errors)]:
        check(name, fn)
    try:
        session.execute("DROP KEYSPACE IF EXISTS " + ks)
    finally:
        cluster.shutdown()
    failed = sum(1 for _, exc in results if exc is not None)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
