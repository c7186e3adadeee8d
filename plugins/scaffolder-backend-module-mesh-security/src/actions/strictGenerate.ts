import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import type { MeshSecurityService } from '@mesh-security/plugin-mesh-security-node';
import {
  findCallerEntities,
  type CallerOwnership,
} from '../lib/callerEntities';
import { reviewersOf } from '../lib/owners';
import {
  describeCaller,
  strictPullRequestBody,
  strictSummary,
} from '../lib/pullRequestText';
import { normalizeEntityRef, readTarget } from '../lib/readTarget';
import { sourceRepository } from '../lib/sourceRepository';
import {
  filesByNamespace,
  manifestDirectory,
  writeManifests,
} from '../manifests/writeManifests';
import { planStrict, type StrictScope } from '../verdict/strictPlan';
import type { StrictGenerateInput, StrictGenerateOutput } from './actionTypes';
import {
  outputPullRequest,
  pullRequestOutputSchema,
} from './pullRequestOutput';
import { examples } from './strictGenerate.examples';

/** Id of the action that writes STRICT PeerAuthentications. @public */
export const STRICT_GENERATE_ACTION_ID = 'mesh-security:strict:generate';

/** What the mesh-security actions read through. @public */
export interface MeshSecurityActionOptions {
  /** where posture is read (the mesh-security backend, through its service ref) */
  meshSecurity: MeshSecurityService;
  /** where entities, owners and the callers' entities are read */
  catalog: CatalogService;
}

const SCOPES: StrictScope[] = ['workload', 'namespace'];

function refusal(
  entityRef: string,
  callers: CallerOwnership[],
  unnamed: number,
): InputError {
  const named = callers.map(describeCaller);
  if (unnamed > 0) named.push(`${unnamed} more not named by the metrics`);
  const owners = [...new Set(callers.flatMap(c => (c.owner ? [c.owner] : [])))];
  return new InputError(
    `STRICT mTLS for ${entityRef} would break ${
      callers.length + unnamed
    } plaintext caller(s): ${named.join('; ')}.${
      owners.length ? ` Talk to ${owners.join(', ')} first.` : ''
    } Move them into the mesh, or set acceptBreakage to open the pull request anyway.`,
  );
}

/**
 * `mesh-security:strict:generate`: writes the PeerAuthentication(s) that make
 * an entity's workloads STRICT into the workspace, one file per namespace,
 * and refuses when the posture shows plaintext callers STRICT would break.
 * Writes only to the workspace, so a dry run does exactly what a run does.
 *
 * @public
 */
export function createStrictGenerateAction(
  options: MeshSecurityActionOptions,
): TemplateAction<StrictGenerateInput, StrictGenerateOutput, 'v2'> {
  const { meshSecurity, catalog } = options;
  return createTemplateAction({
    id: STRICT_GENERATE_ACTION_ID,
    description:
      "Writes the PeerAuthentication(s) that make an entity's workloads require mutual TLS (STRICT), one YAML file per namespace, with the verdict of the entity's mesh posture: fails when STRICT would break plaintext callers, unless acceptBreakage is set.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string({
            description:
              'The catalog entity whose workloads become STRICT, e.g. component:default/notification-svc',
          }),
        scope: z =>
          z
            .enum(['workload', 'namespace'], {
              description:
                'workload: one PeerAuthentication per workload, selecting its pods; namespace: one per namespace (every workload there). Default: namespace when the posture says every workload of the namespace is ready, else workload',
            })
            .optional(),
        acceptBreakage: z =>
          z
            .boolean({
              description:
                'Open the pull request even though the posture shows plaintext callers STRICT would break',
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
        verdict: z =>
          z.object(
            {
              status: z.enum(['safe', 'breaks', 'unverified']),
              accepted: z.boolean(),
              summary: z.string(),
              scope: z.enum(['workload', 'namespace']),
              plaintextCallers: z.array(
                z.object({
                  workload: z.string(),
                  entityRef: z.string().optional(),
                  owner: z.string().optional(),
                }),
              ),
              unnamedCallers: z.number(),
              notes: z.array(z.string()),
            },
            { description: 'What STRICT would break, from the posture' },
          ),
        ...pullRequestOutputSchema,
      },
    },
    async handler(ctx) {
      const entityRef = normalizeEntityRef(ctx.input.entityRef, 'entityRef');
      const scope = ctx.input.scope;
      if (scope !== undefined && !SCOPES.includes(scope)) {
        throw new InputError(
          `scope must be one of ${SCOPES.join(', ')}, got '${scope}'`,
        );
      }
      const dir = manifestDirectory(ctx.workspacePath, ctx.input.targetPath);
      const credentials = await ctx.getInitiatorCredentials();
      const target = await readTarget({
        catalog,
        meshSecurity,
        credentials,
        entityRef,
        role: 'entity',
      });
      const repository = sourceRepository(target.entity, entityRef);
      const plan = planStrict(target.posture, entityRef, scope);
      const callers = await findCallerEntities({
        catalog,
        credentials,
        logger: ctx.logger,
        workloads: plan.plaintextCallers,
      });
      const accepted =
        plan.status === 'breaks' && ctx.input.acceptBreakage === true;
      if (plan.status === 'breaks' && !accepted) {
        throw refusal(entityRef, callers, plan.unnamedCallers);
      }

      const summary = strictSummary(plan, callers);
      ctx.logger.info(summary);
      const files = await writeManifests(
        ctx.workspacePath,
        filesByNamespace(dir, 'peer-authentication.yaml', plan.policies),
      );
      ctx.logger.info(
        `Wrote ${files.join(', ')}${
          ctx.isDryRun ? ' (dry run: nothing leaves the workspace)' : ''
        }`,
      );

      const name = target.entity.metadata.name;
      ctx.output('files', files);
      ctx.output('verdict', {
        status: plan.status,
        accepted,
        summary,
        scope: plan.scope,
        plaintextCallers: callers,
        unnamedCallers: plan.unnamedCallers,
        notes: plan.notes,
      });
      outputPullRequest(ctx.output, {
        repository,
        reviewers: reviewersOf(target.entity),
        branchName: `mesh-security/strict-mtls-${name}`,
        title: `Require mTLS (STRICT) for ${name}`,
        description: strictPullRequestBody({
          entityRef,
          plan,
          callers,
          summary,
          accepted,
          files,
          generatedAt: target.posture.generatedAt,
        }),
      });
    },
  });
}
