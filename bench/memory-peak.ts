/**
 * Peak resident memory of this process while a bench step runs. The dev grid runs in the same
 * process as the engine, so the figure covers both: chain, relay, node emulators and the client.
 */

export interface MemoryPeak {
  /** stops sampling; returns the highest rss seen, bytes */
  stop(): number;
}

/** Samples `process.memoryUsage.rss()` every `everyMs` (default 200) until stopped. */
export function watchMemoryPeak(everyMs = 200): MemoryPeak {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  // a sampler must never keep the process alive
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/** Highest rss of the whole process so far (the OS's own count), bytes. */
export function processPeakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}
