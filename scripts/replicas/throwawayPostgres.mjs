// The test's own PostgreSQL (scripts/lib/postgres.sh), so that stopping it
// for a while disturbs nothing else.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SCRIPT = new URL('../lib/postgres.sh', import.meta.url).pathname;
const BIN = process.env.MS_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why a server cannot be started here, or undefined when it can. */
export function postgresMissing() {
  return existsSync(`${BIN}/initdb`)
    ? undefined
    : `no ${BIN}/initdb: install Debian's postgresql (scripts/bootstrap.sh does, as root)`;
}

const run = (...args) =>
  execFileSync('bash', [SCRIPT, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 90_000,
  });

export function startPostgres() {
  const [dir, connectionString] = run('start').trim().split('\n');
  const url = new URL(connectionString);
  return {
    /** `backend.database.connection` */
    connection: {
      host: url.hostname,
      port: Number(url.port),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    },
    /** pg_ctl stop: the data stays */
    pause: () => run('pause', dir),
    /** pg_ctl start on the same port */
    resume: () => run('resume', dir),
    /** stopped and removed */
    stop: () => run('stop', dir),
  };
}
