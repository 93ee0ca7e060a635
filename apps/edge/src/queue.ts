import { serviceError } from './errors.js';

export interface QueueOptions {
  /** Jobs at a time. Inference is synchronous CPU work on the isolate's one thread: 1 finishes each soonest. */
  concurrency: number;
  /** Requests that may wait beyond those running; one more is refused with 503 busy. */
  maxWaiting: number;
  /** A job's duration when none has been measured (Workers' clocks stand still during CPU work, so production measures ~0). */
  typicalJobMs: number;
}

/** How often a waiting request looks whether its turn has come. */
const POLL_MS = 2;
/** A waiter not heard from for this long is gone (its client hung up and the runtime dropped it). */
const WAITER_GONE_MS = 2_000;
/** A running job that has not reported between two stages for this long is gone. */
const JOB_GONE_MS = 10_000;

/**
 * The per-isolate line for inference: bounded, first come first served, so a burst gets
 * answers in arrival order or a prompt 503 with Retry-After instead of every request
 * finishing together at the end.
 *
 * Each waiter polls with its own timer rather than awaiting a promise another request
 * resolves: workerd cancels a request that waits on nothing of its own as hung, and would
 * drop a continuation resolved from another request's context. Places are leases, renewed
 * while their request is alive, so a request the runtime cancels cannot hold the line.
 */
export class InferenceQueue {
  private nextTicket = 0;
  /** Waiting tickets (numbered in arrival order), each with when it was last heard from. */
  private readonly waiting = new Map<number, number>();
  private readonly running = new Map<number, number>();
  private jobMs: number;

  constructor(private readonly options: QueueOptions) {
    this.jobMs = options.typicalJobMs;
  }

  /** Requests in this isolate's line: waiting or running. */
  get length(): number {
    this.dropGone(Date.now());
    return this.waiting.size + this.running.size;
  }

  /** Whole seconds until a request that arrived now would likely be served. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(((this.length + 1) * this.jobMs) / this.options.concurrency / 1000));
  }

  /**
   * A ticket (its order in line) for a request that has just arrived, its body not yet read, or
   * 503 busy with Retry-After when the line is already full, before the upload is buffered. The
   * ticket reserves no place: requests arriving together while there is room are all read, and
   * those past the line's length are refused when they join it (run).
   */
  arrive(): number {
    this.assertRoom();
    return this.nextTicket++;
  }

  private assertRoom(): void {
    if (this.length >= this.options.concurrency + this.options.maxWaiting) {
      const seconds = this.retryAfterSeconds();
      throw serviceError('busy', `The service is busy (${this.length} photos in line here): try again in ${seconds} s.`, { 'Retry-After': String(seconds) });
    }
  }

  /**
   * Run `job` when its turn comes: of the requests whose bodies are in, the one that arrived
   * first goes next (a slow upload holds no one up). `alive()` renews its lease between stages.
   */
  async run<T>(ticket: number, job: (alive: () => void) => Promise<T>): Promise<T> {
    this.assertRoom();
    this.waiting.set(ticket, Date.now());
    try {
      while (this.running.size >= this.options.concurrency || Math.min(...this.waiting.keys()) !== ticket) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        this.waiting.set(ticket, Date.now());
        this.dropGone(Date.now());
      }
    } finally {
      this.waiting.delete(ticket);
    }
    const started = Date.now();
    this.running.set(ticket, started);
    try {
      return await job(() => this.running.set(ticket, Date.now()));
    } finally {
      this.running.delete(ticket);
      // Learn a slower isolate's pace; a frozen clock (0 ms) keeps the typical figure.
      this.jobMs = Math.max(this.options.typicalJobMs, 0.8 * this.jobMs + 0.2 * (Date.now() - started));
    }
  }

  private dropGone(now: number): void {
    for (const [ticket, seen] of this.waiting) if (now - seen > WAITER_GONE_MS) this.waiting.delete(ticket);
    for (const [ticket, seen] of this.running) if (now - seen > JOB_GONE_MS) this.running.delete(ticket);
  }
}

/** Let the isolate take other requests (/healthz, new arrivals) between synchronous CPU stages. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
