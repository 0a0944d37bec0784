#!/usr/bin/env python3
"""The Python TLS flow of Amazon Keyspaces' documentation against an Almanac node's TLS port (docs/tls.md).

Usage: python_tls_smoke.py HOST TLS_PORT CA_PEM USERNAME PASSWORD
The role must be allowed to create keyspaces. Prints one line per check and ends with "N passed, N failed";
exits non-zero when any check failed.
"""
import datetime
import ssl
import sys

from cassandra import AuthenticationFailed, ConsistencyLevel
from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import Cluster, NoHostAvailable
from cassandra.query import BatchStatement, BatchType, SimpleStatement


def tls_context(ca):
    context = ssl.SSLContext(ssl.PROTOCOL_TLSv1_2)
    context.load_verify_locations(ca)
    context.verify_mode = ssl.CERT_REQUIRED
    context.check_hostname = False
    return context


def main():
    host, port, ca, username, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    cluster = Cluster([host], port=port, ssl_context=tls_context(ca),
                      auth_provider=PlainTextAuthProvider(username=username, password=password))
    results = []
    ks = "py_tls_smoke"
    base = datetime.datetime(2026, 11, 21, 10, 0, 0)

    def check(name, fn):
        try:
            fn()
            results.append(True)
            print("PASS", name)
        except Exception as exc:  # report, do not hide
            results.append(False)
            print("FAIL", name, "-", repr(exc))

    try:
        session = cluster.connect()
    except Exception as exc:
        print("FAIL connect -", repr(exc))
        print("0 passed, 1 failed")
        return 1

    def local_quorum():
        statement = SimpleStatement("SELECT release_version FROM system.local",
                                    consistency_level=ConsistencyLevel.LOCAL_QUORUM)
        assert session.execute(statement).one().release_version

    def ddl():
        session.execute("DROP KEYSPACE IF EXISTS " + ks)
        session.execute("CREATE KEYSPACE " + ks + " WITH replication = "
                        "{'class': 'SimpleStrategy', 'replication_factor': 1}")
        session.execute("CREATE TABLE " + ks + ".readings (device text, ts timestamp, value double, "
                        "PRIMARY KEY ((device), ts))")
        cluster.refresh_schema_metadata()
        assert "CREATE TABLE " + ks + ".readings" in cluster.metadata.keyspaces[ks].export_as_string()

    def prepared_and_paged():
        insert = session.prepare("INSERT INTO " + ks + ".readings (device, ts, value) VALUES (?, ?, ?)")
        insert.consistency_level = ConsistencyLevel.LOCAL_QUORUM
        for i in range(250):
            session.execute(insert, ("dev-1", base + datetime.timedelta(seconds=i), float(i)))
        statement = SimpleStatement("SELECT value FROM " + ks + ".readings WHERE device = 'dev-1'", fetch_size=50,
                                    consistency_level=ConsistencyLevel.LOCAL_QUORUM)
        values = [row.value for row in session.execute(statement)]
        assert values == [float(i) for i in range(250)], values[:5]

    def batch():
        insert = session.prepare("INSERT INTO " + ks + ".readings (device, ts, value) VALUES (?, ?, ?)")
        statement = BatchStatement(batch_type=BatchType.LOGGED, consistency_level=ConsistencyLevel.LOCAL_QUORUM)
        for i in range(5):
            statement.add(insert, ("dev-2", base + datetime.timedelta(seconds=i), float(i)))
        session.execute(statement)
        assert len(list(session.execute("SELECT value FROM " + ks + ".readings WHERE device = 'dev-2'"))) == 5

    def wrong_password():
        bad = Cluster([host], port=port, ssl_context=tls_context(ca),
                      auth_provider=PlainTextAuthProvider(username=username, password=password + "-wrong"))
        try:
            bad.connect()
            raise AssertionError("a wrong password was accepted")
        except NoHostAvailable as exc:
            errors = list(exc.errors.values())
            assert errors and isinstance(errors[0], AuthenticationFailed), repr(exc)
            assert "incorrect" in str(errors[0]), repr(errors[0])
        finally:
            bad.shutdown()

    for name, fn in [("query over TLS at LOCAL_QUORUM", local_quorum), ("ddl and export_as_string", ddl),
                     ("prepared writes and paged read", prepared_and_paged), ("logged batch", batch),
                     ("wrong password refused", wrong_password)]:
        check(name, fn)
    try:
        session.execute("DROP KEYSPACE IF EXISTS " + ks)
    finally:
        cluster.shutdown()
    failed = results.count(False)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
