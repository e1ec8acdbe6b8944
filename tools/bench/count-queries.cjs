/**
 * Preloaded into every measured Node process (`node -r tools/bench/count-queries.cjs …`): counts
 * the statements knex sends (mig and the knex migrator both go through knex's
 * `Client.prototype.query`, BEGIN/COMMIT of transactions included) and writes them, with the
 * process's peak RSS and CPU time, to $BENCH_STATS_FILE at exit.
 *
 * knex is patched when the process loads it (not before), so a process that never touches a
 * database pays nothing. "catalog" counts statements that read the system catalogs.
 *
 * mig sends a revision as one script (`-- mig upgrade <id>` first, statements separated by a
 * `;` line, one implicit transaction): its statements count one by one, and it counts one commit.
 * What mig only records (its recording client's connection is `__migOffline`) is not counted.
 */
'use strict';
const Module = require('node:module');
const { writeFileSync } = require('node:fs');

const out = process.env.BENCH_STATS_FILE;
const counts = { statements: 0, commits: 0, catalog: 0, roundTrips: 0 };
const CATALOG = /\b(pg_catalog|pg_class|pg_attribute|pg_constraint|pg_index|pg_namespace|pg_attrdef|pg_type|information_schema|to_regclass)\b/i;
let patched = false;

function patch(knex) {
  const proto = knex && knex.Client && knex.Client.prototype;
  if (!proto || typeof proto.query !== 'function') return;
  patched = true;
  const query = proto.query;
  proto.query = function countedQuery(connection, queryParam) {
    if (connection && connection.__migOffline) return query.apply(this, arguments);
    const sql = typeof queryParam === 'string' ? queryParam : (queryParam && queryParam.sql) || '';
    const script = /^-- mig (upgrade|downgrade) /.test(sql);
    counts.roundTrips++;
    counts.statements += script ? sql.split('\n;\n').length : 1;
    if (script || /^\s*commit\b/i.test(sql)) counts.commits++;
    if (CATALOG.test(sql)) counts.catalog++;
    return query.apply(this, arguments);
  };
}

const load = Module._load;
Module._load = function loadAndPatch(request) {
  const exported = load.apply(this, arguments);
  if (!patched && typeof exported === 'function' && exported.Client && /(^|[\\/])knex([\\/](knex(\.js)?|lib[\\/]index(\.js)?))?$/.test(request)) patch(exported);
  return exported;
};

if (out) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ ...counts, knexLoaded: patched, maxRssKb: usage.maxRSS, cpuUs: usage.userCPUTime + usage.systemCPUTime }));
  });
}
