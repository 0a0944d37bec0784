#!/usr/bin/env node
// The Node.js driver (npm cassandra-driver) over client-to-node TLS with password authentication (docs/tls.md).
// Usage: node node_tls_smoke.js HOST TLS_PORT CA_PEM USERNAME PASSWORD
// The role must be allowed to create keyspaces. Prints one line per check and ends with "N passed, N failed";
// exits non-zero when any check failed.
'use strict';
const fs = require('fs');
const cassandra = require('cassandra-driver');

const [host, port, caPath, username, password] = process.argv.slice(2);
const ca = fs.readFileSync(caPath);

function newClient(secret) {
  return new cassandra.Client({
    contactPoints: [`${host}:${port}`],
    localDataCenter: 'datacenter1',
    authProvider: new cassandra.auth.PlainTextAuthProvider(username, secret),
    // The test certificate names 127.0.0.1 and localhost; the driver connects by IP without SNI.
    sslOptions: { ca: [ca], rejectUnauthorized: true, checkServerIdentity: () => undefined },
    socketOptions: { readTimeout: 20000 },
  });
}

const client = newClient(password);
const ks = 'node_tls_smoke';
const base = Date.UTC(2026, 10, 21, 10, 0, 0);
const localQuorum = cassandra.types.consistencies.localQuorum;
const results = [];

async function check(name, fn) {
  try {
    await fn();
    results.push(true);
    console.log('PASS', name);
  } catch (error) {
    results.push(false);
    console.log('FAIL', name, '-', error && error.stack ? error.stack : error);
  }
}

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function main() {
  await client.connect();
  await check('query over TLS at LOCAL_QUORUM', async () => {
    const result = await client.execute('SELECT release_version FROM system.local', [], { consistency: localQuorum });
    assert(result.rows[0].release_version, 'no release_version');
  });
  await check('ddl', async () => {
    await client.execute(`DROP KEYSPACE IF EXISTS ${ks}`);
    await client.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`);
    await client.execute(`CREATE TABLE ${ks}.readings (device text, ts timestamp, value double, PRIMARY KEY ((device), ts))`);
    const table = await client.metadata.getTable(ks, 'readings');
    assert(table && table.clusteringKeys.map((c) => c.name).join() === 'ts', 'clustering metadata');
  });
  await check('prepared writes and paged read', async () => {
    const insert = `INSERT INTO ${ks}.readings (device, ts, value) VALUES (?, ?, ?)`;
    const writes = [];
    for (let i = 0; i < 250; i++) {
      writes.push(client.execute(insert, ['dev-1', new Date(base + i * 1000), i], { prepare: true, consistency: localQuorum }));
    }
    await Promise.all(writes);
    const values = [];
    await new Promise((resolve, reject) => {
      client.eachRow(`SELECT value FROM ${ks}.readings WHERE device = ?`, ['dev-1'],
        { prepare: true, fetchSize: 50, autoPage: true, consistency: localQuorum },
        (n, row) => values.push(row.value), (error) => (error ? reject(error) : resolve()));
    });
    assert(values.length === 250 && values[0] === 0 && values[249] === 249, `got ${values.length} rows`);
  });
  await check('logged batch', async () => {
    const insert = `INSERT INTO ${ks}.readings (device, ts, value) VALUES (?, ?, ?)`;
    const queries = [];
    for (let i = 0; i < 5; i++) {
      queries.push({ query: insert, params: ['dev-2', new Date(base + i * 1000), i] });
    }
    await client.batch(queries, { prepare: true, logged: true, consistency: localQuorum });
    const result = await client.execute(`SELECT value FROM ${ks}.readings WHERE device = 'dev-2'`);
    assert(result.rowLength === 5, `expected 5 rows, got ${result.rowLength}`);
  });
  await check('wrong password refused', async () => {
    const bad = newClient(`${password}-wrong`);
    let refused = null;
    try {
      await bad.connect();
    } catch (error) {
      refused = error;
    } finally {
      await bad.shutdown().catch(() => {});
    }
    assert(refused !== null, 'a wrong password was accepted');
    const inner = Object.values(refused.innerErrors || {})[0];
    assert(inner instanceof cassandra.errors.AuthenticationError, `expected an AuthenticationError, got ${inner}`);
  });
  await client.execute(`DROP KEYSPACE IF EXISTS ${ks}`);
  await client.shutdown();
  const failed = results.filter((ok) => !ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch(async (error) => {
  console.log('FAIL connect -', error && error.stack ? error.stack : error);
  console.log('0 passed, 1 failed');
  await client.shutdown().catch(() => {});
  process.exit(1);
});
