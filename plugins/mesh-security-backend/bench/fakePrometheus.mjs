/**
 * An in-process stand-in for the Prometheus HTTP API that counts the queries
 * it receives. Every instant query gets an empty vector: the bench counts
 * requests, it does not judge traffic.
 */
import { createServer } from 'node:http';

export async function startFakePrometheus() {
  let queries = 0;
  const server = createServer((req, res) => {
    if (!req.url?.startsWith('/api/v1/query')) {
      res.writeHead(404).end();
      return;
    }
    queries++;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'success',
          data: { resultType: 'vector', result: [] },
        }),
      );
    });
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    get queries() {
      return queries;
    },
    close: () => new Promise(resolve => server.close(resolve)),
  };
}
