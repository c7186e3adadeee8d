// A stand-in for Prometheus on 127.0.0.1: answers every instant query with an
// empty vector and records which replica asked what, and when. Each replica is
// given its own path (`<url>/<name>`), so a query says who is refreshing.
// `hold()` keeps answers back, to hold a refresh open.
import { createServer } from 'node:http';

export async function startFakePrometheus() {
  /** @type {{ replica: string, query: string, at: number }[]} */
  const queries = [];
  let holding = false;
  /** @type {(() => void)[]} */
  const held = [];
  /** @type {((replica: string) => void)[]} */
  const heldWaiters = [];

  const server = createServer((req, res) => {
    const match = /^\/([^/]+)\/api\/v1\/query$/.exec(req.url ?? '');
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      if (!match) {
        res.writeHead(404).end();
        return;
      }
      const replica = match[1];
      queries.push({
        replica,
        query: new URLSearchParams(body).get('query') ?? '',
        at: Date.now(),
      });
      const answer = () =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(
            '{"status":"success","data":{"resultType":"vector","result":[]}}',
          );
      if (!holding) {
        answer();
        return;
      }
      held.push(answer);
      heldWaiters.splice(0).forEach(resolve => resolve(replica));
    });
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (
    server.address()
  );

  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    /**
     * Refreshes seen so far, per replica: every refresh sends each of its
     * queries once, so the count of one query is the count of refreshes.
     */
    refreshes() {
      const marker = queries[0]?.query;
      const starts = queries.filter(q => q.query === marker);
      return {
        total: starts.length,
        starts,
        distinctQueries: new Set(queries.map(q => q.query)).size,
      };
    },
    /** From now on, answers wait; resolves with the replica whose query is held first. */
    hold() {
      holding = true;
      return new Promise(resolve => heldWaiters.push(resolve));
    },
    release() {
      holding = false;
      held.splice(0).forEach(answer => {
        try {
          answer();
        } catch {
          // its replica is gone
        }
      });
    },
    async close() {
      this.release();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
