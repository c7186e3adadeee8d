/**
 * Requests to the entity endpoint, one after another, timed from a child
 * process of their own: a portal's users call from elsewhere, so the client's
 * own work (sockets, parsing the answers, its garbage) must not run on the
 * event loop or in the heap of the backend it measures.
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const PROBE = 'team-0001-svc-01';
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** the backend probed: its URL and token (sent by message, never on the command line) */
let target;

/** one kept-alive connection, as a browser keeps; node:http costs the client less CPU than fetch */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** GET of `url`: status and body text */
function get(url, headers) {
  return new Promise((resolve, reject) => {
    request(url, { agent, headers }, res => {
      const chunks = [];
      res.on('data', chunk => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

async function probe() {
  const { baseUrl, token } = target;
  const start = performance.now();
  const { status, text } = await get(
    `${baseUrl}/api/mesh-security/entities/default/component/${PROBE}`,
    { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'identity' },
  );
  const ms = performance.now() - start;
  const body = status === 200 ? JSON.parse(text) : undefined;
  return {
    ms,
    generatedAt: body?.workloads.length > 0 ? body.generatedAt : undefined,
  };
}

/** what the child does for each request of the parent */
const tasks = {
  async target(args) {
    target = args;
    return true;
  },
  /** the `generatedAt` of the first snapshot with workloads */
  async snapshot({ timeoutMs }) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { generatedAt } = await probe();
      if (generatedAt) return generatedAt;
      if (Date.now() > deadline)
        throw new Error('timed out waiting for the first snapshot');
      await sleep(500);
    }
  },
  /** `count` latencies */
  async latencies({ count }) {
    const samples = [];
    for (let i = 0; i < count; i++) samples.push((await probe()).ms);
    return samples;
  },
  /** latencies until a snapshot other than `after` is served */
  async latenciesUntilNew({ after, timeoutMs }) {
    const started = performance.now();
    const samples = [];
    for (;;) {
      const { ms, generatedAt } = await probe();
      samples.push(ms);
      if (generatedAt && generatedAt !== after) return samples;
      if (performance.now() - started > timeoutMs)
        throw new Error('timed out waiting for the measured refresh');
    }
  },
};

if (process.argv[2] === '--probe') {
  process.on('message', ({ task, args }) => {
    tasks[task](args).then(
      result => process.send({ result }),
      error => process.send({ error: String(error?.stack ?? error) }),
    );
  });
  process.send({ ready: true });
}

/** Starts the probing client against a bench backend (`baseUrl`, `token`). */
export async function startEntityProbes({ baseUrl, token }) {
  const child = fork(SELF, ['--probe'], { stdio: 'inherit' });
  const next = () =>
    new Promise((resolve, reject) => {
      const onExit = code =>
        reject(new Error(`entity probes exited (${code})`));
      child.once('exit', onExit);
      child.once('message', message => {
        child.off('exit', onExit);
        if (message.error) reject(new Error(message.error));
        else resolve(message.result);
      });
    });
  await next();
  const run = (task, args) => {
    const answer = next();
    child.send({ task, args });
    return answer;
  };
  await run('target', { baseUrl, token });
  return {
    snapshot: (timeoutMs = 15 * 60_000) => run('snapshot', { timeoutMs }),
    latencies: count => run('latencies', { count }),
    latenciesUntilNew: (after, timeoutMs = 15 * 60_000) =>
      run('latenciesUntilNew', { after, timeoutMs }),
    close: () => child.kill(),
  };
}
