import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { FeedbackPort, FeedbackStats, ImpressionEvent, VoteEvent } from '../src/feedback/port.js';

/** What /metrics shows: Prometheus text from one registry per process. */
export interface Metrics {
  registry: Registry;
  requests: Counter<'route' | 'platform' | 'method' | 'status'>;
  latency: Histogram<'route' | 'platform' | 'command'>;
  votes: Counter<'platform' | 'value'>;
  errors: Counter<'platform' | 'kind'>;
}

export interface MetricsSources {
  /** The feedback store's own counters (queue depth, dropped writes). */
  feedbackStats?: () => FeedbackStats;
  /** How many cooldown/replay checks were let through because Redis did not answer. */
  failOpen?: () => number;
  /** Process metrics (CPU, memory, event loop); off in tests. */
  defaults?: boolean;
}

/** Which platform a path belongs to, for the labels. */
export function platformOf(path: string): string {
  if (path.startsWith('/discord/')) return 'discord';
  if (path.startsWith('/slack/')) return 'slack';
  if (path.startsWith('/api/')) return 'web';
  return 'http';
}

/** Paths we serve keep their name; anything else is one label, so a scan cannot blow up the series. */
export function routeLabel(path: string, known: (path: string) => boolean): string {
  return known(path) ? path : 'other';
}

export function createMetrics(o: MetricsSources = {}): Metrics {
  const registry = new Registry();
  if (o.defaults) collectDefaultMetrics({ register: registry, prefix: 'm2m_' });
  const requests = new Counter({
    name: 'm2m_http_requests_total',
    help: 'HTTP requests answered, by route, platform, method and status.',
    labelNames: ['route', 'platform', 'method', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'm2m_request_duration_seconds',
    help: 'Time to answer a request, by route, platform and command (the API path for the web; the interaction or event route for chat platforms).',
    labelNames: ['route', 'platform', 'command'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const votes = new Counter({
    name: 'm2m_votes_total',
    help: 'Votes received, by platform and value.',
    labelNames: ['platform', 'value'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'm2m_errors_total',
    help: 'Errors: 5xx answers, failed feedback writes.',
    labelNames: ['platform', 'kind'] as const,
    registers: [registry],
  });
  const stats = o.feedbackStats;
  if (stats) {
    new Gauge({
      name: 'm2m_feedback_queue_depth',
      help: 'Feedback writes waiting for the store.',
      registers: [registry],
      collect() {
        this.set(stats().queued);
      },
    });
    new Gauge({
      name: 'm2m_feedback_dropped',
      help: 'Feedback writes dropped since start because the queue was full.',
      registers: [registry],
      collect() {
        this.set(stats().dropped);
      },
    });
    new Gauge({
      name: 'm2m_feedback_store_available',
      help: '1 while the feedback store accepts writes, 0 while it is down and writes queue.',
      registers: [registry],
      collect() {
        this.set(stats().available ? 1 : 0);
      },
    });
  }
  const failOpen = o.failOpen;
  if (failOpen) {
    new Gauge({
      name: 'm2m_safety_fail_open',
      help: 'Cooldown and replay checks let through since start because Redis did not answer.',
      registers: [registry],
      collect() {
        this.set(failOpen());
      },
    });
  }
  return { registry, requests, latency, votes, errors };
}

/** The feedback port, counting votes and failed writes on the way through. */
export function meteredFeedback(inner: FeedbackPort, m: Metrics): FeedbackPort {
  return {
    async impression(e: ImpressionEvent) {
      try {
        await inner.impression(e);
      } catch (err) {
        m.errors.inc({ platform: e.platform, kind: 'feedback' });
        throw err;
      }
    },
    async vote(e: VoteEvent) {
      m.votes.inc({ platform: e.platform, value: e.value });
      try {
        await inner.vote(e);
      } catch (err) {
        m.errors.inc({ platform: e.platform, kind: 'feedback' });
        throw err;
      }
    },
    close: () => inner.close(),
  };
}
