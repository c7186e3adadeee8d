import { ConfigReader } from '@backstage/config';
import { kubernetesClusterSecrets } from './kubernetesSecrets';
import { Redactor } from './redact';

describe('kubernetesClusterSecrets', () => {
  const config = new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        { type: 'catalog' },
        {
          type: 'config',
          clusters: [
            {
              name: 'a',
              url: 'https://a',
              authProvider: 'serviceAccount',
              serviceAccountToken: 'sa-token-of-a',
            },
            {
              name: 'b',
              url: 'https://b',
              authProvider: 'aws',
              authMetadata: {
                'kubernetes.io/aws-assume-role': 'arn:aws:iam::1:role/reader',
                'kubernetes.io/x-k8s-aws-id-token': 'aws-id-token-of-b',
              },
            },
          ],
        },
      ],
    },
  });

  it('lists service account tokens and credential-like auth metadata', () => {
    expect(kubernetesClusterSecrets(config)).toEqual([
      'sa-token-of-a',
      'aws-id-token-of-b',
    ]);
  });

  it('lets the redactor cut a token an API server repeats without its scheme', () => {
    const redactor = Redactor.create({
      tokens: kubernetesClusterSecrets(config),
    });
    expect(
      redactor.redact('upstream rejected the call with token sa-token-of-a'),
    ).toBe('upstream rejected the call with token <redacted>');
  });

  it('is empty without a kubernetes section', () => {
    expect(kubernetesClusterSecrets(new ConfigReader({}))).toEqual([]);
  });
});
