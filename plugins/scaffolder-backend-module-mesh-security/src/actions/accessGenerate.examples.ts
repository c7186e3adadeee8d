import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Let the picked caller call the picked service: an ALLOW rule in the callee's repository, reviewed by the callee's owners",
    example: stringify({
      steps: [
        {
          id: 'access',
          name: 'Write the AuthorizationPolicy',
          action: 'mesh-security:access:generate',
          input: {
            callee: '${{ parameters.callee }}',
            caller: '${{ parameters.caller }}',
          },
        },
        {
          id: 'pr',
          name: 'Open the pull request',
          action: 'publish:github:pull-request',
          input: {
            repoUrl: '${{ steps.access.output.repoUrl }}',
            targetBranchName: '${{ steps.access.output.targetBranch }}',
            targetPath: '${{ steps.access.output.repoPath }}',
            branchName: '${{ steps.access.output.branchName }}',
            title: '${{ steps.access.output.title }}',
            description: '${{ steps.access.output.description }}',
            teamReviewers: '${{ steps.access.output.teamReviewers }}',
            reviewers: '${{ steps.access.output.reviewers }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'The same rule in dry-run mode (istio.io/dry-run): Istio logs what it would allow, nothing is enforced',
    example: stringify({
      steps: [
        {
          id: 'access',
          action: 'mesh-security:access:generate',
          input: {
            callee: 'component:default/payment-service',
            caller: 'component:default/order-service',
            dryRun: true,
          },
        },
      ],
    }),
  },
];
