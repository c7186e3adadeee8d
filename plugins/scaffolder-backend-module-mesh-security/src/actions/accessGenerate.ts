import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { reviewersOf } from '../lib/owners';
import { accessPullRequestBody, accessSummary } from '../lib/pullRequestText';
import { normalizeEntityRef, readTarget } from '../lib/readTarget';
import { sourceRepository } from '../lib/sourceRepository';
import {
  filesByNamespace,
  manifestDirectory,
  writeManifests,
} from '../manifests/writeManifests';
import { planAccess } from '../verdict/accessPlan';
import type { AccessGenerateInput, AccessGenerateOutput } from './actionTypes';
import {
  outputPullRequest,
  pullRequestOutputSchema,
} from './pullRequestOutput';
import { examples } from './accessGenerate.examples';
import type { MeshSecurityActionOptions } from './strictGenerate';

/** Id of the action that writes an access request's AuthorizationPolicy. @public */
export const ACCESS_GENERATE_ACTION_ID = 'mesh-security:access:generate';

/**
 * `mesh-security:access:generate`: writes an AuthorizationPolicy ALLOW rule
 * for the caller's SPIFFE principals on the callee's workloads (one file per
 * callee namespace), for a pull request into the callee's repository.
 *
 * @public
 */
export function createAccessGenerateAction(
  options: MeshSecurityActionOptions,
): TemplateAction<AccessGenerateInput, AccessGenerateOutput, 'v2'> {
  const { meshSecurity, catalog } = options;
  return createTemplateAction({
    id: ACCESS_GENERATE_ACTION_ID,
    description:
      "Writes an AuthorizationPolicy that ALLOWs the caller's SPIFFE principals (from its workloads' service accounts and its cluster's trust domain) on the callee's workloads, one YAML file per namespace, and says who may call the callee afterwards.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        callee: z =>
          z.string({
            description:
              'The entity to be called, e.g. component:default/payment-service; the pull request goes to its repository',
          }),
        caller: z =>
          z.string({
            description:
              'The entity that asks for access, e.g. component:default/order-service',
          }),
        dryRun: z =>
          z
            .boolean({
              description:
                'Annotate the policy istio.io/dry-run: "true" (Istio logs its decisions and enforces nothing)',
            })
            .optional(),
        targetPath: z =>
          z
            .string({
              description:
                'Workspace directory the manifests are written under (default: istio)',
            })
            .optional(),
      },
      output: {
        files: z =>
          z.array(z.string(), {
            description: 'Workspace paths of the files written',
          }),
        principals: z =>
          z.array(z.string(), {
            description: 'The SPIFFE principals the new rule allows',
          }),
        whoMayCall: z =>
          z.array(
            z.object({
              workload: z.string(),
              cluster: z.string(),
              stanceBefore: z.string(),
              stanceAfter: z.string(),
              rules: z.array(
                z.object({
                  policy: z.string(),
                  ruleIndex: z.number(),
                  from: z.array(z.record(z.array(z.string()))),
                  to: z.array(z.record(z.array(z.string()))),
                  dryRun: z.boolean(),
                  proposed: z.boolean(),
                }),
              ),
            }),
            {
              description:
                'Per callee workload: its ALLOW rules today plus the new one (proposed: true)',
            },
          ),
        summary: z =>
          z.string({ description: 'One sentence: who may call what' }),
        notes: z =>
          z.array(z.string(), {
            description:
              'What the reviewer should know (DENY rules, dry run, skipped workloads)',
          }),
        ...pullRequestOutputSchema,
      },
    },
    async handler(ctx) {
      const calleeRef = normalizeEntityRef(ctx.input.callee, 'callee');
      const callerRef = normalizeEntityRef(ctx.input.caller, 'caller');
      const dir = manifestDirectory(ctx.workspacePath, ctx.input.targetPath);
      const credentials = await ctx.getInitiatorCredentials();
      const callee = await readTarget({
        catalog,
        meshSecurity,
        credentials,
        entityRef: calleeRef,
        role: 'callee',
      });
      const repository = sourceRepository(callee.entity, calleeRef);
      const caller = await readTarget({
        catalog,
        meshSecurity,
        credentials,
        entityRef: callerRef,
        role: 'caller',
      });
      const plan = planAccess(callee, caller, {
        dryRun: ctx.input.dryRun === true,
      });

      const summary = accessSummary(calleeRef, callerRef, plan);
      ctx.logger.info(summary);
      const callerName = caller.entity.metadata.name;
      const files = await writeManifests(
        ctx.workspacePath,
        filesByNamespace(
          dir,
          `authorization-policy-allow-${callerName}.yaml`,
          plan.policies,
        ),
      );
      ctx.logger.info(
        `Wrote ${files.join(', ')}${
          ctx.isDryRun ? ' (dry run: nothing leaves the workspace)' : ''
        }`,
      );

      const calleeName = callee.entity.metadata.name;
      ctx.output('files', files);
      ctx.output('principals', plan.principals);
      ctx.output('whoMayCall', plan.whoMayCall);
      ctx.output('summary', summary);
      ctx.output('notes', [
        ...plan.skipped.map(s => `${s.workload} (${s.cluster}): ${s.why}`),
        ...plan.notes,
      ]);
      outputPullRequest(ctx.output, {
        repository,
        reviewers: reviewersOf(callee.entity),
        branchName: `mesh-security/allow-${callerName}-to-${calleeName}`,
        title: `Allow ${callerName} to call ${calleeName}`,
        description: accessPullRequestBody({
          calleeRef,
          callerRef,
          plan,
          summary,
          files,
          generatedAt: callee.posture.generatedAt,
        }),
      });
    },
  });
}
