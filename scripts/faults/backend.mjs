// A real packages/backend process (started as scripts/replicas does) with a
// client that keeps every answer it got, so a case can look for secrets in
// them, and sends paths exactly as written (no URL normalisation).
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { freePort, startReplica } from '../replicas/backendReplica.mjs';

export const API = '/api/mesh-security';

/**
 * Starts a backend whose app config is the repository's plus `overlay`
 * (its mesh-security part replaces the demo's sources) and a static token.
 */
export async function startBackend({ name, dir, logDir, token, overlay }) {
  const port = await freePort();
  const replica = await startReplica({
    name,
    dir,
    port,
    logFile: join(logDir, `faults-${name}.log`),
    overlay: {
      ...overlay,
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { host: '127.0.0.1', port },
        auth: {
          externalAccess: [
            { type: 'static', options: { token, subject: 'faults' } },
          ],
        },
      },
    },
  });
  /** answers since the last `takeAnswers()` */
  let answers = [];

  /** One request, the path sent as is; resolves `{ status, text, json, headers }`. */
  function send(method, path, { headers = {}, body, timeoutMs = 10_000 } = {}) {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          headers: {
            ...(body !== undefined && { 'content-type': 'application/json' }),
            ...headers,
          },
          timeout: timeoutMs,
        },
        res => {
          const chunks = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            const answer = {
              status: res.statusCode,
              text,
              json,
              headers: res.headers,
            };
            answers.push(`${JSON.stringify(res.headers)}\n${text}`);
            resolve(answer);
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(
          new Error(`${method} ${path}: no answer in ${timeoutMs} ms`),
        ),
      );
      req.on('error', reject);
      if (body !== undefined) {
        req.end(typeof body === 'string' ? body : JSON.stringify(body));
      } else req.end();
    });
  }

  return {
    name,
    token,
    replica,
    send,
    /** with the static token, as a service caller */
    get: (path, options = {}) =>
      send('GET', `${API}${path}`, {
        ...options,
        headers: { authorization: `Bearer ${token}`, ...options.headers },
      }),
    takeAnswers() {
      const taken = answers.join('\n');
      answers = [];
      return taken;
    },
    log: () => readFileSync(replica.logFile, 'utf8'),
    /** Throws unless the process runs and `/health` answers 200 without a token. */
    async assertUp() {
      if (!replica.alive) throw new Error(`backend ${name} is not running`);
      const health = await send('GET', `${API}/health`);
      if (health.status !== 200 || health.json?.status !== 'ok') {
        throw new Error(`backend ${name}: /health answered ${health.status}`);
      }
    },
  };
}
