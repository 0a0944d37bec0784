#!/usr/bin/env node
// Drives a running Almanac node with the DataStax Node.js driver (npm cassandra-driver), default settings.
// Usage: node node_driver_smoke.js HOST PORT
// Prints one line per check and ends with "N passed, N failed"; exits non-zero when any check failed.
'use strict';
const cassandra = require('cassandra-driver');

const [host, port] = [process.argv[2], Number(process.argv[3])];
const client = new cassandra.Client({
  contactPoints: [`${host}:${port}`],
  localDataCenter: 'datacenter1',
  socketOptions: { readTimeout: 20000 },
});
const ks = 'node_smoke';
const base = Date.UTC(2026, 10, 21, 10, 0, 0);
const results = [];

async function check(name, fn) {
  try {
    await fn();
    results.push([name, null]);
    console.log('PASS', name);
  } catch (error) {
    results.push([name, error]);
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
  await check('metadata', async () => {
    const hosts = client.hosts.values();
    assert(hosts.length === 1, `expected one host, got ${hosts.length}`);
    assert(hosts[0].datacenter === 'datacenter1', `datacenter ${hosts[0].datacenter}`);
    const local = await client.execute('SELECT cluster_name, partitioner FROM system.local');
    assert(local.rows[0].partitioner === 'org.apache.cassandra.dht.Murmur3Partitioner', 'partitioner');
  });
  await check('ddl', async () => {
    await client.execute(`DROP KEYSPACE IF EXISTS ${ks}`);
    await client.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`);
    await client.execute(`CREATE TABLE ${ks}.readings (device text, ts timestamp, value double, PRIMARY KEY ((device), ts))`
      + ` WITH CLUSTERING ORDER BY (ts DESC) AND compaction = {'class': 'TimeWindowCompactionStrategy',`
      + ` 'compaction_window_unit': 'HOURS', 'compaction_window_size': '1'}`);
    const table = await client.metadata.getTable(ks, 'readings');
    assert(table && table.partitionKeys.map((c) => c.name).join() === 'device', 'partition key metadata');
    assert(table.clusteringKeys.map((c) => c.name).join() === 'ts', 'clustering metadata');
  });
  await check('prepared writes', async () => {
    const insert = `INSERT INTO ${ks}.readings (device, ts, value) VALUES (?, ?, ?)`;
    for (let i = 0; i < 1000; i += 100) {
      const batch = [];
      for (let j = i; j < i + 100; j++) {
        batch.push(client.execute(insert, ['dev-1', new Date(base + j * 1000), j], { prepare: true }));
      }
      await Promise.all(batch);
    }
  });
  await check('paged read', async () => {
    const values = [];
    await new Promise((resolve, reject) => {
      client.eachRow(`SELECT value FROM ${ks}.readings WHERE device = ?`, ['dev-1'],
        { prepare: true, fetchSize: 100, autoPage: true },
        (n, row) => values.push(row.value), (error) => (error ? reject(error) : resolve()));
    });
    assert(values.length === 1000, `expected 1000 rows, got ${values.length}`);
    assert(values[0] === 999 && values[999] === 0, 'rows not in clustering (DESC) order');
  });
  await check('time range', async () => {
    const result = await client.execute(
      `SELECT value FROM ${ks}.readings WHERE device = ? AND ts >= ? AND ts < ? ORDER BY ts ASC LIMIT 3`,
      ['dev-1', new Date(base + 100000), new Date(base + 200000)], { prepare: true });
    assert(result.rows.map((r) => r.value).join() === '100,101,102', `got ${result.rows.map((r) => r.value)}`);
  });
  await check('batch', async () => {
    const insert = `INSERT INTO ${ks}.readings (device, ts, value) VALUES (?, ?, ?)`;
    const queries = [];
    for (let i = 0; i < 10; i++) {
      queries.push({ query: insert, params: ['dev-2', new Date(base + i * 1000), i] });
    }
    await client.batch(queries, { prepare: true, logged: false });
    const result = await client.execute(`SELECT value FROM ${ks}.readings WHERE device = 'dev-2'`);
    assert(result.rowLength === 10, `expected 10 rows, got ${result.rowLength}`);
  });
  await check('errors', async () => {
    let code = null;
    try {
      await client.execute(`SELEKT * FROM ${ks}.readings`);
    } catch (error) {
      code = error.code;
    }
    assert(code === cassandra.types.responseErrorCodes.syntaxError, `expected a syntax error, got ${code}`);
    await client.execute(`SELECT * FROM ${ks}.readings WHERE device = 'dev-1' LIMIT 1`);
  });
  await client.execute(`DROP KEYSPACE IF EXISTS ${ks}`);
  await client.shutdown();
  const failed = results.filter(([, error]) => error !== null).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch(async (error) => {
  console.log('FAIL connect -', error && error.stack ? error.stack : error);
  console.log('0 passed, 1 failed');
  await client.shutdown().catch(() => {});
  process.exit(1);
});
