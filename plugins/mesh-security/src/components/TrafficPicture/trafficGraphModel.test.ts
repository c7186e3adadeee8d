import { apiGatewayPosture, postureWithManyEdges } from '../../__fixtures__';
import {
  MAX_GRAPH_HEIGHT,
  MIN_GRAPH_HEIGHT,
  trafficGraphHeight,
  trafficGraphModel,
} from './trafficGraphModel';

describe('trafficGraphModel', () => {
  it('puts callers before and destinations after the workload, labelled with rate and security', () => {
    const model = trafficGraphModel(
      'edge/api-gateway',
      apiGatewayPosture.workloads[0].traffic!,
    );
    expect(model.total).toBe(4);
    expect(model.nodes.map(n => `${n.role}:${n.title}`)).toEqual([
      'self:edge/api-gateway',
      'caller:istio-system/istio-ingressgateway',
      'destination:shop/order-service',
      'destination:shop/user-service',
      'caller:tools/retool',
    ]);
    expect(model.edges.map(e => `${e.from} -> ${e.to}: ${e.label}`)).toEqual([
      'caller:istio-system/istio-ingressgateway -> self: 4,988 rps · mTLS',
      'self -> destination:shop/order-service: 3,000 rps · mTLS',
      'self -> destination:shop/user-service: 2,000 rps · mTLS',
      'caller:tools/retool -> self: 12 rps · mTLS',
    ]);
  });

  it('keeps only the busiest edges and reports the total', () => {
    const traffic = postureWithManyEdges(1000).workloads[0].traffic!;
    const model = trafficGraphModel('payments/payment-service', traffic, 50);
    expect(model.total).toBe(1000);
    expect(model.edges).toHaveLength(50);
    expect(model.edges[0].flow.rate).toBe(1000);
    expect(model.edges[49].flow.rate).toBe(951);
    expect(model.nodes).toHaveLength(51);
  });

  it('marks plaintext and partly-mTLS edges', () => {
    const model = trafficGraphModel('x/y', {
      rps: 3,
      errorShare: 0,
      p50Ms: null,
      p99Ms: null,
      mtlsShare: 0.5,
      health: 'OK',
      inbound: [
        {
          direction: 'inbound',
          peer: 'a/plain',
          protocol: 'tcp',
          rate: 2,
          errorShare: 0,
          p50Ms: null,
          p99Ms: null,
          mtlsShare: null,
          plaintext: true,
          health: 'OK',
          reporter: 'source',
        },
        {
          direction: 'inbound',
          peer: 'a/half',
          protocol: 'http',
          rate: 1,
          errorShare: 0,
          p50Ms: null,
          p99Ms: null,
          mtlsShare: 0.5,
          plaintext: false,
          health: 'OK',
          reporter: 'destination',
        },
      ],
      outbound: [],
    });
    expect(model.edges.map(e => e.label)).toEqual([
      '2 conn/s · plaintext',
      '1 rps · 50% mTLS',
    ]);
  });

  it('fits the graph height to the taller column of peers, within bounds', () => {
    const gateway = apiGatewayPosture.workloads[0].traffic!;
    // two callers, two destinations: two rows of 32 px, 12 px apart, 8 px
    // padding, below DependencyGraph's own 100 px minimum
    expect(
      trafficGraphHeight(trafficGraphModel('edge/api-gateway', gateway)),
    ).toBe(MIN_GRAPH_HEIGHT);
    const sixCallers = {
      ...gateway,
      inbound: Array.from({ length: 6 }, (_, i) => ({
        ...gateway.inbound[0],
        peer: `load/caller-${i}`,
      })),
    };
    expect(
      trafficGraphHeight(trafficGraphModel('edge/api-gateway', sixCallers)),
    ).toBe(6 * 32 + 5 * 12 + 16);
    const oneEdge = {
      ...gateway,
      inbound: [],
      outbound: [gateway.outbound[0]],
    };
    expect(
      trafficGraphHeight(trafficGraphModel('edge/api-gateway', oneEdge)),
    ).toBe(MIN_GRAPH_HEIGHT);
    const many = postureWithManyEdges(1000).workloads[0].traffic!;
    expect(
      trafficGraphHeight(trafficGraphModel('payments/payment-service', many)),
    ).toBe(MAX_GRAPH_HEIGHT);
  });
});
