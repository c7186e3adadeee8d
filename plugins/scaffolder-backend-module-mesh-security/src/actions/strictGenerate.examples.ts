import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'STRICT for the entity picked in the form, then a pull request into its repository, reviewed by its owners',
    example: stringify({
      steps: [
        {
          id: 'strict',
          name: 'Write the STRICT PeerAuthentication',
          action: 'mesh-security:strict:generate',
          input: { entityRef: '${{ parameters.entity }}' },
        },
        {
          id: 'pr',
          name: 'Open the pull request',
          action: 'publish:github:pull-request',
          input: {
            repoUrl: '${{ steps.strict.output.repoUrl }}',
            targetBranchName: '${{ steps.strict.output.targetBranch }}',
            targetPath: '${{ steps.strict.output.repoPath }}',
            branchName: '${{ steps.strict.output.branchName }}',
            title: '${{ steps.strict.output.title }}',
            description: '${{ steps.strict.output.description }}',
            teamReviewers: '${{ steps.strict.output.teamReviewers }}',
            reviewers: '${{ steps.strict.output.reviewers }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'One PeerAuthentication per workload, under deploy/istio, even though plaintext callers remain',
    example: stringify({
      steps: [
        {
          id: 'strict',
          action: 'mesh-security:strict:generate',
          input: {
            entityRef: 'component:default/notification-svc',
            scope: 'workload',
            acceptBreakage: true,
            targetPath: 'deploy/istio',
          },
        },
      ],
    }),
  },
];
