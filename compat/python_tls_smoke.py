#!/usr/bin/env python3
"""The Python TLS flow of Amazon Keyspaces' documentation against an Almanac node's TLS port (docs/tls.md).

Usage: python_tls_smoke.py HOST TLS_PORT CA_PEM USERNAME PASSWORD
Prints one line per check and ends with "N passed, N failed"; exits non-zero when any check failed.
"""
import ssl
import sys

from cassandra import ConsistencyLevel
from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import Cluster
from cassandra.query import SimpleStatement


def main():
    host, port, ca, username, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLSv1_2)
    ssl_context.load_verify_locations(ca)
    ssl_context.verify_mode = ssl.CERT_REQUIRED
    ssl_context.check_hostname = False
    auth_provider = PlainTextAuthProvider(username=username, password=password)
    cluster = Cluster([host], port=port, ssl_context=ssl_context, auth_provider=auth_provider)
    passed = failed = 0
    try:
        session = cluster.connect()
        statement = SimpleStatement("SELECT release_version FROM system.local",
                                    consistency_level=ConsistencyLevel.LOCAL_QUORUM)
        version = session.execute(statement).one().release_version
        print("PASS query over TLS at LOCAL_QUORUM: release_version", version)
        passed += 1
    except Exception as exc:  # report, do not hide
        print("FAIL", repr(exc))
        failed += 1
    finally:
        cluster.shutdown()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
