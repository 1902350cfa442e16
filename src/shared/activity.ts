/**
 * How busy this instance is answering requests, for long work that shares the thread with them
 * (an import on PGlite, whose database runs in this thread): the requests begun in the last full
 * second, or in the current one when that is more. The HTTP edge notes every request.
 */
const WINDOW_MS = 1000;
let windowStart = -Infinity;
let current = 0;
let previous = 0;

export function noteRequest(now = performance.now()): void {
  if (now - windowStart >= WINDOW_MS) {
    previous = now - windowStart < 2 * WINDOW_MS ? current : 0;
    current = 0;
    windowStart = now;
  }
  current++;
}

export function requestsPerSecond(now = performance.now()): number {
  const age = now - windowStart;
  if (age >= 2 * WINDOW_MS) return 0;
  if (age >= WINDOW_MS) return current;
  return Math.max(current, previous);
}
