// A stand-in for the Prometheus HTTP API on 127.0.0.1 whose `mode` makes it
// misbehave. When well it observes plaintext calls from tools/retool to
// payments/payment-service, so a failed read that dropped the last good
// metrics would make the `plaintext-traffic-observed` finding vanish.
import { createServer } from 'node:http';

const vector = result =>
  JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });

/** the flow query (the only one grouped by response_code) sees plaintext */
function answerFor(query) {
  if (!query.includes('response_code')) return vector([]);
  return vector([
    {
      metric: {
        reporter: 'destination',
        source_workload_namespace: 'tools',
        source_workload: 'retool',
        destination_workload_namespace: 'payments',
        destination_workload: 'payment-service',
        destination_service: 'payment-service.payments.svc.cluster.local',
        request_protocol: 'http',
        connection_security_policy: 'none',
        response_code: '200',
      },
      value: [Date.now() / 1000, '3.5'],
    },
  ]);
}

/**
 * Modes: `ok`; `down` (connections reset); `http500`; `never` (never
 * answers); `garbage` (200, not JSON); `huge` (an answer past the byte cap);
 * `series` (more series than the cap); `echo` (a 400 whose error repeats the
 * request headers); `echo-warnings` (a success whose warnings repeat them).
 */
export async function startFakePrometheus({
  authorization,
  maxSeries,
  maxBytes,
}) {
  let mode = 'ok';
  let badAuth = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      if (mode === 'never') return; // the socket stays open, unanswered
      if (mode === 'down') {
        req.socket.destroy();
        return;
      }
      if (!req.url?.endsWith('/api/v1/query')) {
        res.writeHead(404).end();
        return;
      }
      if (req.headers.authorization !== authorization) {
        badAuth++;
        res.writeHead(401).end('unauthorized');
        return;
      }
      const headers = JSON.stringify(req.headers);
      const json = { 'content-type': 'application/json' };
      switch (mode) {
        case 'http500':
          res
            .writeHead(500, { 'content-type': 'text/plain' })
            .end(`internal error while serving ${headers}`);
          return;
        case 'garbage':
          res.writeHead(200, json).end('<html><body>502 Bad Gateway</body>');
          return;
        case 'huge': {
          // a valid answer, padded far past the cap, streamed
          res.writeHead(200, json);
          const pad = 'x'.repeat(64 * 1024);
          res.write('{"status":"success","warnings":["');
          for (let i = 0; i < Math.ceil((maxBytes * 4) / pad.length); i++) {
            res.write(pad);
          }
          res.end('"],"data":{"resultType":"vector","result":[]}}');
          return;
        }
        case 'series': {
          const result = Array.from({ length: maxSeries * 3 }, (_, i) => ({
            metric: { destination_workload: `w${i}` },
            value: [Date.now() / 1000, '1'],
          }));
          res.writeHead(200, json).end(vector(result));
          return;
        }
        case 'echo':
          res.writeHead(400, json).end(
            JSON.stringify({
              status: 'error',
              errorType: 'bad_data',
              error: `cannot parse query sent with headers ${headers}`,
            }),
          );
          return;
        case 'echo-warnings': {
          const ok = JSON.parse(
            answerFor(new URLSearchParams(body).get('query') ?? ''),
          );
          ok.warnings = [`request headers were ${headers}`];
          res.writeHead(200, json).end(JSON.stringify(ok));
          return;
        }
        default:
          res
            .writeHead(200, json)
            .end(answerFor(new URLSearchParams(body).get('query') ?? ''));
      }
    });
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    get badAuth() {
      return badAuth;
    },
    setMode(next) {
      mode = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
