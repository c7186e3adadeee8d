import type { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';
import type { Reviewers } from '../lib/owners';
import type { SourceRepository } from '../lib/sourceRepository';
import type { PullRequestOutput } from './actionTypes';

/** The zod the scaffolder hands schema fields (its own copy, not ours). */
type Z = Parameters<
  NonNullable<NonNullable<TemplateActionOptions['schema']>['output']>[string]
>[0];

type ZodString = ReturnType<Z['string']>;
type StringField = (z: Z) => ZodString;
type OptionalStringField = (z: Z) => ReturnType<ZodString['optional']>;
type StringsField = (z: Z) => ReturnType<ZodString['array']>;

/**
 * Output schema of what both actions give a publish step for the pull
 * request. Its type is written out: inferred, it would name the scaffolder's
 * nested zod.
 */
export const pullRequestOutputSchema: {
  repoUrl: StringField;
  targetBranch: OptionalStringField;
  repoPath: StringField;
  branchName: StringField;
  title: StringField;
  description: StringField;
  owner: OptionalStringField;
  teamReviewers: StringsField;
  reviewers: StringsField;
} = {
  repoUrl: z =>
    z.string({
      description:
        'The repository of the backstage.io/source-location, as publish:github:pull-request and publish:gitlab:merge-request take it (host?owner=…&repo=…)',
    }),
  targetBranch: z =>
    z
      .string({
        description:
          'The branch the source location names; absent for the default branch',
      })
      .optional(),
  repoPath: z =>
    z.string({
      description:
        'Directory of the source location inside the repository (empty for its root): the publish step targetPath',
    }),
  branchName: z =>
    z.string({ description: 'A branch name for the pull request' }),
  title: z => z.string({ description: 'A title for the pull request' }),
  description: z =>
    z.string({
      description: 'A pull request body (Markdown) with the verdict',
    }),
  owner: z =>
    z
      .string({
        description: "Entity ref of the repository entity's owner",
      })
      .optional(),
  teamReviewers: z =>
    z.array(z.string(), {
      description: 'The owner when it is a Group, by name',
    }),
  reviewers: z =>
    z.array(z.string(), {
      description: 'The owner when it is a User, by name',
    }),
};

/** A pull request into the repository of an entity's source location. */
export interface PullRequest {
  repository: SourceRepository;
  reviewers: Reviewers;
  branchName: string;
  title: string;
  /** Markdown */
  description: string;
}

/** Gives the outputs of {@link pullRequestOutputSchema}. */
export function outputPullRequest(
  output: <K extends keyof PullRequestOutput>(
    name: K,
    value: PullRequestOutput[K],
  ) => void,
  { repository, reviewers, branchName, title, description }: PullRequest,
) {
  output('repoUrl', repository.repoUrl);
  if (repository.targetBranch) output('targetBranch', repository.targetBranch);
  output('repoPath', repository.repoPath);
  output('branchName', branchName);
  output('title', title);
  output('description', description);
  if (reviewers.owner) output('owner', reviewers.owner);
  output('teamReviewers', reviewers.teamReviewers);
  output('reviewers', reviewers.reviewers);
}
