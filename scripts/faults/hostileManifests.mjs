// Manifest texts that attack the parser or the evaluation. Each is written
// into a watched folder (or sent to /simulate) by run.mjs.

/** Nine levels of aliases, each ten of the one before: 10^9 nodes if expanded. */
export function billionLaughs() {
  const lines = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: lol',
    '  namespace: payments',
    'data:',
  ];
  lines.push(
    '  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  );
  for (let i = 1; i < 9; i++) {
    lines.push(
      `  a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(',')}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Nested flow sequences, far deeper than any manifest. */
export const deepNesting = (depth = 20_000) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep, namespace: payments}\ndata: {x: ${'['.repeat(
    depth,
  )}${']'.repeat(depth)}}\n`;

/** A valid document padded past the 10 MiB file limit. */
export const oversized = () =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: payments}\ndata:\n  pad: "${'x'.repeat(
    11 * 1024 * 1024,
  )}"\n`;

export const badYaml =
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n  namespace: payments\n';

export const badJson =
  '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",,\n  "metadata": {"name": "x"}\n}\n';

/** A mode Istio does not know, on the namespace that is STRICT. */
export const invalidMode = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: typo
  namespace: payments
spec:
  selector:
    matchLabels:
      app: payment-service
  mtls:
    mode: STRIKT
`;

/**
 * A STRICT workload policy whose selector value is a number: read as "no
 * selector" it would make the whole (PERMISSIVE) namespace STRICT.
 */
export const numericSelector = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: numeric-selector
  namespace: comms
spec:
  selector:
    matchLabels:
      app: 123
  mtls:
    mode: STRICT
`;
