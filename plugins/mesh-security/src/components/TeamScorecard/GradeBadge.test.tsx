import '@testing-library/jest-dom';
import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { GradeBadge } from './GradeBadge';

describe('GradeBadge', () => {
  it('says "No grade" in words, with why, when there is nothing to grade', async () => {
    await renderInTestApp(<GradeBadge grade={null} score={null} />);
    const badge = screen.getByRole('img', {
      name: "No grade: no workloads found for this team's services",
    });
    expect(badge).toHaveTextContent('No grade');
    expect(badge).toHaveTextContent('no workloads');
    // no letter and no score that could pass for a result
    expect(badge).not.toHaveTextContent(/\b[A-F]\b|\/ 100/);
  });

  it('shows a grade as its letter and score', async () => {
    await renderInTestApp(<GradeBadge grade="B" score={84.2} />);
    const badge = screen.getByRole('img', {
      name: 'Grade B, score 84.2 of 100',
    });
    expect(badge).toHaveTextContent('B');
    expect(badge).toHaveTextContent('84.2 / 100');
  });
});
