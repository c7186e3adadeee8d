// The actions' input and output, written out so that the public API (and its
// report) does not depend on the order the compiler infers zod's types in.

/** Outputs both actions give a publish step for the pull request. @public */
export type PullRequestOutput = {
  /** the repository of the entity's source location, as publish actions take it */
  repoUrl: string;
  /** the branch the source location names; absent for the default branch */
  targetBranch?: string;
  /** directory of the source location inside the repository */
  repoPath: string;
  branchName: string;
  title: string;
  /** Markdown body with the verdict */
  description: string;
  /** entity ref of the repository entity's owner */
  owner?: string;
  /** the owner when it is a Group, by name */
  teamReviewers: string[];
  /** the owner when it is a User, by name */
  reviewers: string[];
};

/** Input of `mesh-security:strict:generate`. @public */
export type StrictGenerateInput = {
  entityRef: string;
  scope?: 'workload' | 'namespace';
  acceptBreakage?: boolean;
  targetPath?: string;
};

/** Output of `mesh-security:strict:generate`. @public */
export type StrictGenerateOutput = PullRequestOutput & {
  files: string[];
  verdict: {
    status: 'safe' | 'breaks' | 'unverified';
    accepted: boolean;
    summary: string;
    scope: 'workload' | 'namespace';
    plaintextCallers: Array<{
      workload: string;
      entityRef?: string;
      owner?: string;
    }>;
    unnamedCallers: number;
    notes: string[];
  };
};

/** Input of `mesh-security:access:generate`. @public */
export type AccessGenerateInput = {
  callee: string;
  caller: string;
  dryRun?: boolean;
  targetPath?: string;
};

/** Output of `mesh-security:access:generate`. @public */
export type AccessGenerateOutput = PullRequestOutput & {
  files: string[];
  principals: string[];
  whoMayCall: Array<{
    workload: string;
    cluster: string;
    stanceBefore: string;
    stanceAfter: string;
    rules: Array<{
      policy: string;
      ruleIndex: number;
      from: Array<Record<string, string[]>>;
      to: Array<Record<string, string[]>>;
      dryRun: boolean;
      proposed: boolean;
    }>;
  }>;
  summary: string;
  notes: string[];
};
