/** The request rate long work on the app's thread asks for (src/shared/activity.ts). */
import { noteRequest, requestsPerSecond } from '../../src/shared/activity';

describe('requests a second', () => {
  it('counts the last full second, or the current one when it holds more, and forgets a quiet instance', () => {
    const t0 = 1_000_000;
    expect(requestsPerSecond(t0)).toBe(0);
    for (let i = 0; i < 30; i++) noteRequest(t0 + i * 10);
    expect(requestsPerSecond(t0 + 400)).toBe(30);
    // The next second begins with one request: the last full second's 30 still count.
    noteRequest(t0 + 1000);
    expect(requestsPerSecond(t0 + 1100)).toBe(30);
    for (let i = 0; i < 40; i++) noteRequest(t0 + 1200 + i);
    expect(requestsPerSecond(t0 + 1500)).toBe(41);
    // After a second of nothing only the last second's count is left, after two nothing.
    expect(requestsPerSecond(t0 + 2100)).toBe(41);
    expect(requestsPerSecond(t0 + 3100)).toBe(0);
    // A request after a long pause starts afresh: no earlier second counts.
    noteRequest(t0 + 10_000);
    expect(requestsPerSecond(t0 + 10_001)).toBe(1);
  });
});
