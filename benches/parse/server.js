// Peer benchmark: one Parse Server process (no cluster, no dashboard, no live query, no GraphQL)
// on PostgreSQL, started the way Parse documents it (ParseServer.startApp).
//   PORT                 TCP port on 127.0.0.1 (default 1337)
//   PARSE_DATABASE_URI   postgres://… (required)
//   PARSE_APP_ID         default "ipt-bench"
//   PARSE_MASTER_KEY     default "ipt-bench-master-key"
//   PARSE_DB_POOL        PostgreSQL pool size (default 16, as ipt-server's IPT_DB_MAX_CONNECTIONS)
//   PARSE_LOG_LEVEL      default "error"
// Prints one line `PARSE_READY pid=… url=… version=…` on stdout once it answers requests.
'use strict';

// No log files (./logs): Parse reads this when it is first required; errors still reach stderr.
process.env.PARSE_SERVER_LOGS_FOLDER = 'null';
const { ParseServer } = require('parse-server');
const { version } = require('parse-server/package.json');

const port = Number(process.env.PORT || 1337);
const databaseURI = process.env.PARSE_DATABASE_URI;
if (!databaseURI || !/^postgres(ql)?:\/\//.test(databaseURI)) {
  console.error('PARSE_DATABASE_URI must be a postgres:// URL');
  process.exit(2);
}
// Parse's PostgreSQL adapter reads the pool size from the URI's `max` query parameter.
const uri = new URL(databaseURI);
if (!uri.searchParams.has('max') && !uri.searchParams.has('poolSize')) {
  uri.searchParams.set('max', process.env.PARSE_DB_POOL || '16');
}
const serverURL = `http://127.0.0.1:${port}/parse`;

ParseServer.startApp({
  appId: process.env.PARSE_APP_ID || 'ipt-bench',
  masterKey: process.env.PARSE_MASTER_KEY || 'ipt-bench-master-key',
  databaseURI: uri.toString(),
  serverURL,
  host: '127.0.0.1',
  port,
  mountPath: '/parse',
  logLevel: process.env.PARSE_LOG_LEVEL || 'error',
  logsFolder: null,
  verbose: false,
  startLiveQueryServer: false,
  allowClientClassCreation: false,
})
  .then(() => {
    console.log(`PARSE_READY pid=${process.pid} url=${serverURL} version=${version} node=${process.version}`);
  })
  .catch(err => {
    console.error('parse-server failed to start:', err);
    process.exit(1);
  });
