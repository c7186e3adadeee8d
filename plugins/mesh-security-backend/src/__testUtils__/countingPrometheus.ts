import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Prometheus answering every query with an empty vector and counting them:
 * a real HTTP server, since the refresh worker reads Prometheus itself and
 * msw only intercepts the test's own thread.
 */
export async function startCountingPrometheus() {
  let queries = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/api/v1/query')) queries++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        '{"status":"success","data":{"resultType":"vector","result":[]}}',
      );
    });
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get queries() {
      return queries;
    },
    reset() {
      queries = 0;
    },
    close: () => {
      // the backends' kept-alive connections are not waited for
      server.closeAllConnections();
      return new Promise(resolve => server.close(resolve));
    },
  };
}
