// Why job records use RowKey = jobId (docs/benchmarks.md, section 9): times Azurite's entity lookup, the call
// LokiTableMetadataStore makes for every point read and insert, findOne({RowKey, PartitionKey}), on 100,000 entities
// in a collection indexed as Azurite indexes its tables, once with one RowKey for every entity and once with
// RowKey = PartitionKey. Uses the lokijs that Azurite brings (npm ci). Run from the repository root:
//   node bench/azurite-lookup.js
const Loki = require('lokijs');
const ENTITIES = 100000;
const db = new Loki('lookup', {persistenceMethod: 'memory'});
for (const [name, rowKey] of [['RowKey "job" for every entity', () => 'job'], ['RowKey = PartitionKey', i => 'job-' + i]]) {
  const entities = db.addCollection(name, {indices: ['PartitionKey', 'RowKey']});
  for (let i = 0; i < ENTITIES; i++) {
    entities.insert({PartitionKey: 'job-' + i, RowKey: rowKey(i), properties: {}});
  }
  const times = [];
  for (let k = 0; k < 21; k++) {
    const i = (k * 4999) % ENTITIES;
    const start = process.hrtime.bigint();
    if (!entities.findOne({RowKey: rowKey(i), PartitionKey: 'job-' + i})) {
      throw new Error('entity job-' + i + ' not found');
    }
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`${name}: findOne on ${ENTITIES.toLocaleString('en')} entities, median ${times[10].toFixed(3)} ms,`
      + ` max ${times[20].toFixed(3)} ms (21 lookups)`);
}
