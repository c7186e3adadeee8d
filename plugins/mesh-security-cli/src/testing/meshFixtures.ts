/** Small manifests for the CLI tests: one meshed pod, optionally weakened. */

export const namespaces = `apiVersion: v1
kind: Namespace
metadata:
  name: istio-system
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
`;

export const meshStrict = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: STRICT
`;

export const meshedPod = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels:
    app: web
    security.istio.io/tlsMode: istio
  annotations:
    sidecar.istio.io/status: '{"initContainers":["istio-init"],"containers":["istio-proxy"]}'
spec:
  serviceAccountName: web
  containers:
  - name: web
    image: example/web:1
    ports:
    - containerPort: 8080
  - name: istio-proxy
    image: istio/proxyv2:1.28.0
`;

export const namespaceDisable = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: plaintext
  namespace: shop
spec:
  mtls:
    mode: DISABLE
`;
