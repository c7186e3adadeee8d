import { describeJsonSyntaxError } from './jsonSyntaxError';

function failure(text: string) {
  try {
    JSON.parse(text);
  } catch (error) {
    return describeJsonSyntaxError(text, error);
  }
  throw new Error('expected a syntax error');
}

describe('describeJsonSyntaxError', () => {
  it('names the line of the position V8 reports', () => {
    const result = failure('{\n  "flows": [],\n  "latencies" []\n}');
    expect(result.line).toBe(3);
    expect(result.reason).not.toMatch(/position/);
  });

  it('drops the input V8 quotes for an unexpected token', () => {
    const secretish = `{"token": s3cr3t-${'x'.repeat(200)}}`;
    const result = failure(secretish);
    expect(result.reason).toMatch(/^Unexpected token/);
    expect(result.reason).not.toContain('s3cr3t');
  });

  it('finds the line itself when V8 names no position', () => {
    // Node 22: "Unexpected token ',', "…" is not valid JSON", no position
    const result = failure('{\n  "collectedAt": "x",\n  "flows": [,]\n}');
    expect(result.line).toBe(3);
    expect(result.reason).toMatch(/^Unexpected token/);
  });

  it('describes truncated input', () => {
    expect(failure('{"collectedAt": ').reason).toMatch(/end of JSON input/);
  });
});
