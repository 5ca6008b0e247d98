// Prepares a running Parse Server (server.js) for the wrk scripts, through the REST API only:
//  1. class CheckIn (master key): clientId String, recordedAt Date, mood Number, note String,
//     owner Pointer<_User>; index (owner, recordedAt) so "a user's 50 latest" is an indexed read;
//     class-level permissions: every operation needs a session, no client-side schema changes.
//  2. signs up one user (POST /parse/users) and keeps its session token;
//  3. creates PARSE_SEED CheckIn objects (default 1000) for that user through /parse/batch,
//     each with an ACL that lets only that user read and write it.
// Prints KEY=VALUE lines on stdout: PARSE_SESSION_TOKEN, PARSE_USER_ID, PARSE_APP_ID, PARSE_SEEDED.
//   PARSE_URL         default http://127.0.0.1:${PORT:-1337}/parse
//   PARSE_APP_ID      default "ipt-bench"
//   PARSE_MASTER_KEY  default "ipt-bench-master-key"
'use strict';

const url = (process.env.PARSE_URL || `http://127.0.0.1:${process.env.PORT || 1337}/parse`).replace(/\/$/, '');
const appId = process.env.PARSE_APP_ID || 'ipt-bench';
const masterKey = process.env.PARSE_MASTER_KEY || 'ipt-bench-master-key';
const seed = Number(process.env.PARSE_SEED || 1000);
const BATCH = 50;

async function call(method, path, body, headers = {}) {
  const res = await fetch(url + path, {
    method,
    headers: { 'X-Parse-Application-Id': appId, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  }
  return JSON.parse(text);
}

function uuid() {
  return require('crypto').randomUUID();
}

async function main() {
  const master = { 'X-Parse-Master-Key': masterKey };
  const authenticated = { requiresAuthentication: true };
  await call('POST', '/schemas/CheckIn', {
    className: 'CheckIn',
    fields: {
      clientId: { type: 'String' },
      recordedAt: { type: 'Date', required: true },
      mood: { type: 'Number', required: true },
      note: { type: 'String' },
      owner: { type: 'Pointer', targetClass: '_User', required: true },
    },
    classLevelPermissions: {
      get: authenticated,
      find: authenticated,
      count: authenticated,
      create: authenticated,
      update: authenticated,
      delete: authenticated,
      addField: {},
      protectedFields: {},
    },
    // On PostgreSQL, Parse turns this into CREATE INDEX … ("owner","recordedAt") (directions are
    // not passed on; a B-tree is read backwards for ORDER BY "recordedAt" DESC).
    indexes: { owner_recordedAt: { owner: 1, recordedAt: -1 } },
  }, master);

  const suffix = uuid().slice(0, 8);
  const user = await call('POST', '/users', { username: `bench-${suffix}`, password: 'benchmark password' });
  const session = { 'X-Parse-Session-Token': user.sessionToken };
  const owner = { __type: 'Pointer', className: '_User', objectId: user.objectId };
  const ACL = { [user.objectId]: { read: true, write: true } };

  // One check-in a day going back from now, like the seeded data of ipt-server.
  const day = 86400000;
  const now = Date.now();
  const requests = [];
  for (let i = 0; i < seed; i++) {
    requests.push({
      method: 'POST',
      path: '/parse/classes/CheckIn',
      body: {
        clientId: uuid(),
        recordedAt: { __type: 'Date', iso: new Date(now - i * day).toISOString() },
        mood: i % 11,
        owner,
        ACL,
      },
    });
  }
  let created = 0;
  for (let i = 0; i < requests.length; i += BATCH) {
    const results = await call('POST', '/batch', { requests: requests.slice(i, i + BATCH) }, session);
    for (const r of results) {
      if (!r.success) {
        throw new Error(`batch item failed: ${JSON.stringify(r)}`);
      }
      created++;
    }
  }

  console.log(`PARSE_APP_ID=${appId}`);
  console.log(`PARSE_USER_ID=${user.objectId}`);
  console.log(`PARSE_SESSION_TOKEN=${user.sessionToken}`);
  console.log(`PARSE_SEEDED=${created}`);
}

main().catch(err => {
  console.error(err.message || err);
  process.exit(1);
});
