// The suite's bookkeeping: one TAP line per case, a copy in a file for the
// closing summary of scripts/test.sh, and the checks every case makes
// whatever it tried (the backend still up, no configured secret shown).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const oneLine = text => String(text).replace(/\s+/g, ' ').slice(0, 600);

/** Every spelling of a secret worth looking for: plain, base64 (padded or not, url-safe), URL-encoded. */
function spellings(secret) {
  const b64 = Buffer.from(secret).toString('base64');
  return [
    secret,
    b64,
    b64.replace(/=+$/, ''),
    Buffer.from(secret).toString('base64url'),
    encodeURIComponent(secret),
  ];
}

export function createSuite({ tapFile }) {
  const lines = ['TAP version 13'];
  let tried = 0;
  let held = 0;
  const emit = line => {
    lines.push(line);
    console.log(line);
  };
  /** @type {{ label: string, text: string }[]} */
  let needles = [];

  return {
    /** Secrets the backends were given: none may appear in any answer or log. */
    addSecrets(label, ...secrets) {
      for (const secret of secrets) {
        for (const text of spellings(secret)) needles.push({ label, text });
      }
    },
    /** Names of the secrets found in `text`, empty when none is. */
    secretsIn(text) {
      return [
        ...new Set(
          needles.filter(n => text.includes(n.text)).map(n => n.label),
        ),
      ];
    },
    /**
     * Runs one case. `fn` throws to fail it; `afterEach` then makes the
     * common checks (given by the caller that knows the backends).
     */
    async check(name, fn, afterEach) {
      const n = ++tried;
      try {
        await fn();
        if (afterEach) await afterEach();
        held++;
        emit(`ok ${n} - ${name}`);
      } catch (error) {
        emit(`not ok ${n} - ${name} # ${oneLine(error?.message ?? error)}`);
      }
    },
    skip(name, reason) {
      emit(`# skipped - ${name}: ${reason}`);
    },
    note(text) {
      emit(`# ${oneLine(text)}`);
    },
    /** Writes the TAP file and returns the closing line. */
    finish() {
      lines.push(`1..${tried}`, `# pass ${held}`, `# fail ${tried - held}`);
      mkdirSync(dirname(tapFile), { recursive: true });
      writeFileSync(tapFile, `${lines.join('\n')}\n`);
      console.log(`1..${tried}`);
      return { tried, held, line: `faults: ${tried} tried, ${held} held` };
    },
  };
}
