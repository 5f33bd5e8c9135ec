// s3rver 4.0.4 with a conditional-PUT shim: s3rver ignores If-None-Match / If-Match on PUT,
// but the lake's put-if-absent (Delta commit protocol) needs the 412 that real S3 returns.
// Usage: node s3rver-cond.js <dir> <port> <bucket>...   Prints "S3rver listening on 127.0.0.1:PORT" when ready
// (port 0 picks a free port and prints the one chosen).
const crypto = require('crypto');
// The copy s3rver itself loads, whatever npm's hoisting does.
const { XMLBuilder } = require(require.resolve('fast-xml-parser', { paths: [require.resolve('@20minutes/s3rver')] }));

// Two fixes for s3rver 4.0.4 on today's dependencies, patched before s3rver loads (both only matter to s3rver):
// 1. It encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (node 17+) refuses: every second
//    page of a listing was a 500. The tokens are opaque to clients, so AES with the key and IV doubled will do.
for (const name of ['createCipheriv', 'createDecipheriv']) {
  const original = crypto[name];
  crypto[name] = function (algorithm, key, iv, options) {
    if (algorithm !== 'des') return original.call(this, algorithm, key, iv, options);
    return original.call(this, 'aes-128-cbc', Buffer.concat([key, key]), Buffer.concat([iv, iv]), options);
  };
}
// 2. Its XML builders escape text in their own tagValueProcessor, and fast-xml-builder 1.x escapes again, so a key
//    with '&' was listed as '&amp;'. Builders with a custom tagValueProcessor (s3rver's) skip the second escape.
const defaultTagValueProcessor = new XMLBuilder({}).options.tagValueProcessor;
const replaceEntitiesValue = XMLBuilder.prototype.replaceEntitiesValue;
XMLBuilder.prototype.replaceEntitiesValue = function (text) {
  return this.options.tagValueProcessor === defaultTagValueProcessor ? replaceEntitiesValue.call(this, text) : text;
};

const S3rver = require('@20minutes/s3rver');
const S3Error = require('@20minutes/s3rver/lib/models/error');

const [, , dir = '/tmp/s3', port = '4569', ...buckets] = process.argv;
const app = new S3rver({
  directory: dir,
  address: '127.0.0.1',
  port: Number(port),
  silent: true,
  // SDK v4 signs some requests in ways s3rver verifies wrongly; the server is local and trusts everyone anyway.
  allowMismatchedSignatures: true,
  vhostBuckets: false,
  configureBuckets: buckets.map((name) => ({ name, configs: [] })),
});

// Conditional PUTs on one key are serialised so that check-then-write is atomic within this process.
const locks = new Map();
const preconditionFailed = 'At least one of the pre-conditions you specified did not hold';

// Inserted just before the router, so it runs after s3rver's own parsing/auth middleware.
app.middleware.splice(app.middleware.length - 1, 0, async (ctx, next) => {
  const ifNoneMatch = ctx.get('if-none-match');
  const ifMatch = ctx.get('if-match');
  const m = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
  if (ctx.method !== 'PUT' || (!ifNoneMatch && !ifMatch) || !m || ctx.get('x-amz-copy-source')) return next();

  const bucket = m[1];
  const key = decodeURIComponent(m[2]);
  const id = bucket + '/' + key;
  const previous = locks.get(id) || Promise.resolve();
  let release;
  const mine = new Promise((resolve) => (release = resolve));
  const chained = previous.then(() => mine);
  locks.set(id, chained);
  await previous;
  try {
    const exists = await app.store.existsObject(bucket, key);
    if (ifNoneMatch === '*' && exists) {
      throw new S3Error('PreconditionFailed', preconditionFailed, { Condition: 'If-None-Match' });
    }
    if (ifMatch) {
      const obj = exists ? await app.store.getObject(bucket, key, {}) : null;
      if (obj && obj.content) obj.content.destroy();
      if (!obj) throw new S3Error('NoSuchKey', 'The specified key does not exist.', { Condition: 'If-Match' });
      if (ifMatch !== '*' && obj.metadata.etag !== ifMatch) {
        throw new S3Error('PreconditionFailed', preconditionFailed, { Condition: 'If-Match' });
      }
    }
    await next();
  } finally {
    release();
    if (locks.get(id) === chained) locks.delete(id);
  }
});

app.run().then(
  ({ address, port: boundPort }) => console.log(`S3rver listening on ${address}:${boundPort}`),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
